package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR's bgpd (alone, without zebra) for golden capture: network statements, an outbound
 * route-map setting MED, ORIGIN, LOCAL_PREF, communities, large and extended communities, an
 * AS-path prepend, ATOMIC_AGGREGATE and AGGREGATOR, and an {@code aggregate-address ... as-set}
 * over two networks whose paths differ (a real AS_SET and AGGREGATOR). In the confederation run
 * FRR is member AS 65001 of confederation 65000 and the capturing peer member AS 65002.
 */
final class GoldenFrr extends GoldenDaemon {
    private static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
    private Spec spec;

    @Override
    String name() {
        return "frr";
    }

    @Override
    String unavailableReason() {
        return Prerequisites.executableReason("frr", BGPD.toString());
    }

    @Override
    String version() {
        return io.muslin.testing.Commands.run(List.of(BGPD.toString(), "--version")).output().trim();
    }

    @Override
    void start(Netns ns, Path dir, Spec spec) throws Exception {
        this.ns = ns;
        this.dir = dir;
        this.spec = spec;
        StringBuilder s = new StringBuilder();
        s.append("frr defaults traditional\nhostname golden\nlog file ").append(dir.resolve("frr.log")).append("\n");
        s.append("""
                ip prefix-list GOLD-MED seq 5 permit 10.2.2.0/24
                ip prefix-list GOLD-COMM seq 5 permit 10.2.3.0/24
                ip prefix-list GOLD-PATH seq 5 permit 10.2.4.0/24
                ipv6 prefix-list GOLD6-COMM seq 5 permit fd02:2::/64
                route-map GOLD-OUT permit 10
                 match ip address prefix-list GOLD-MED
                 set metric 50
                 set origin egp
                 set local-preference 300
                route-map GOLD-OUT permit 20
                 match ip address prefix-list GOLD-COMM
                 set community 65001:100 no-export
                 set large-community 4200000001:1:2
                 set extcommunity rt 65001:7
                route-map GOLD-OUT permit 30
                 match ip address prefix-list GOLD-PATH
                 set as-path prepend 65010 65011
                 set atomic-aggregate
                 set aggregator as 65020 10.9.9.9
                 set origin incomplete
                route-map GOLD-OUT permit 100
                route-map GOLD6-OUT permit 10
                 match ipv6 address prefix-list GOLD6-COMM
                 set metric 60
                 set community 65001:600
                 set large-community 4200000001:6:6
                route-map GOLD6-OUT permit 100
                route-map PATH-A permit 10
                 set as-path prepend 65030
                route-map PATH-B permit 10
                 set as-path prepend 65031
                """);
        s.append("router bgp ").append(spec.daemonAs()).append("\n bgp router-id ").append(P4).append("\n");
        s.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        if (spec.confederation() != 0) {
            s.append(" bgp confederation identifier ").append(spec.confederation()).append("\n");
            s.append(" bgp confederation peers ").append(spec.muslinAs()).append("\n");
        }
        for (String n : new String[] {M4, M6}) {
            s.append(" neighbor ").append(n).append(" remote-as ").append(spec.muslinAs()).append("\n");
            s.append(" neighbor ").append(n).append(" timers 30 90\n");
            s.append(" neighbor ").append(n).append(" timers connect 1\n");
            s.append(" neighbor ").append(n).append(" advertisement-interval 0\n");
        }
        s.append("""
                 address-family ipv4 unicast
                  network 10.2.1.0/24
                  network 10.2.2.0/24
                  network 10.2.3.0/24
                  network 10.2.4.0/24
                  network 10.2.9.0/24
                  network 10.20.1.0/24 route-map PATH-A
                  network 10.20.2.0/24 route-map PATH-B
                  aggregate-address 10.20.0.0/16 as-set
                  neighbor %1$s activate
                  neighbor %1$s route-map GOLD-OUT out
                 exit-address-family
                 address-family ipv6 unicast
                  network fd02:1::/64
                  network fd02:2::/64
                  network fd02:9::/64
                  neighbor %2$s activate
                  neighbor %2$s route-map GOLD6-OUT out
                 exit-address-family
                """.formatted(M4, M6));
        Files.writeString(dir.resolve("bgpd.conf"), s);
        process = ns.start(dir.resolve("bgpd.out"), BGPD.toString(), "-f", dir.resolve("bgpd.conf").toString(),
                "-i", dir.resolve("bgpd.pid").toString(), "-z", dir.resolve("zserv").toString(),
                "--vty_socket", dir.toString(), "-Z", "-S", "-u", "root", "-g", "root", "-P", "0");
        Interop.waitFor("bgpd vty socket", () -> Files.exists(dir.resolve("bgpd.vty")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bgpd exited: " + Files.readString(dir.resolve("bgpd.out")));
        }
    }

    private String vtysh(String... commands) {
        List<String> cmd = new ArrayList<>(List.of("vtysh", "--vty_socket", dir.toString()));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        return ns.exec(cmd.toArray(String[]::new));
    }

    @Override
    void refresh() {
        vtysh("clear bgp " + M4 + " soft in");
        vtysh("clear bgp " + M6 + " soft in");
    }

    @Override
    void withdraw() {
        vtysh("configure terminal", "router bgp " + spec.daemonAs(),
                "address-family ipv4 unicast", "no network 10.2.9.0/24", "exit-address-family",
                "address-family ipv6 unicast", "no network fd02:9::/64", "exit-address-family");
    }

    @Override
    void ceaseV4() {
        vtysh("configure terminal", "router bgp " + spec.daemonAs(), "neighbor " + M4 + " shutdown message " + SHUTDOWN_TEXT);
    }

    @Override
    void ceaseV6() {
        vtysh("clear bgp " + M6);
    }

    @Override
    String describe(Spec spec) {
        return "FRR route-map GOLD-OUT: 10.2.1.0/24 plain; 10.2.2.0/24 MED 50, ORIGIN EGP, LOCAL_PREF 300;"
                + " 10.2.3.0/24 communities 65001:100 + no-export, large 4200000001:1:2, ext rt 65001:7;"
                + " 10.2.4.0/24 prepend 65010 65011, ATOMIC_AGGREGATE, AGGREGATOR 65020 10.9.9.9, ORIGIN INCOMPLETE;"
                + " 10.20.1.0/24 (path 65030) + 10.20.2.0/24 (path 65031) under aggregate-address 10.20.0.0/16 as-set;"
                + " 10.2.9.0/24 withdrawn later; fd02:1::/64 plain; fd02:2::/64 MED 60, community 65001:600,"
                + " large 4200000001:6:6; fd02:9::/64 withdrawn later."
                + (spec.confederation() != 0 ? " Confederation " + spec.confederation() + ", member AS " + spec.daemonAs()
                + ", peer member AS " + spec.muslinAs() + "." : "")
                + " clear bgp soft in (ROUTE-REFRESH); v4: neighbor shutdown message \"" + SHUTDOWN_TEXT + "\"; v6: clear bgp.";
    }
}
