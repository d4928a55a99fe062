package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GoBGP's gobgpd for golden capture: routes added with {@code gobgp global rib add} carrying
 * ORIGIN, an AS path with an AS_SET, MED, LOCAL_PREF, communities, large communities, a route
 * target and AGGREGATOR. Graceful restart is enabled so that GoBGP sends End-of-RIB.
 */
final class GoldenGoBgp extends GoldenDaemon {
    private static final String API = "127.0.0.1:50051";

    @Override
    String name() {
        return "gobgp";
    }

    @Override
    String unavailableReason() {
        return Prerequisites.executableReason("gobgpd", "/usr/bin/gobgpd");
    }

    @Override
    String version() {
        return io.muslin.testing.Commands.run(List.of("/usr/bin/gobgpd", "--version")).output().trim();
    }

    @Override
    void start(Netns ns, Path dir, Spec spec) throws Exception {
        this.ns = ns;
        this.dir = dir;
        StringBuilder s = new StringBuilder();
        s.append("[global.config]\n  as = ").append(spec.daemonAs()).append("\n  router-id = \"").append(P4)
                .append("\"\n  port = 179\n");
        for (String[] n : new String[][] {{M4, P4, "ipv4-unicast"}, {M6, P6, "ipv6-unicast"}}) {
            s.append("""
                    [[neighbors]]
                      [neighbors.config]
                        neighbor-address = "%s"
                        peer-as = %d
                      [neighbors.timers.config]
                        connect-retry = 1
                        hold-time = 90
                        keepalive-interval = 30
                        idle-hold-time-after-reset = 1
                      [neighbors.transport.config]
                        local-address = "%s"
                      [neighbors.graceful-restart.config]
                        enabled = true
                        restart-time = 120
                      [[neighbors.afi-safis]]
                        [neighbors.afi-safis.config]
                          afi-safi-name = "%s"
                        [neighbors.afi-safis.mp-graceful-restart.config]
                          enabled = true
                    """.formatted(n[0], spec.muslinAs(), n[1], n[2]));
        }
        Files.writeString(dir.resolve("gobgpd.toml"), s);
        process = ns.start(dir.resolve("gobgpd.log"), "/usr/bin/gobgpd", "-f", dir.resolve("gobgpd.toml").toString(),
                "--api-hosts", API, "--pprof-disable", "-p");
        Interop.waitFor("gobgpd API", () -> !process.isAlive() || ns.tryExec("gobgp", "-u", "127.0.0.1", "global").exit() == 0);
        if (!process.isAlive()) {
            throw new IllegalStateException("gobgpd exited: " + Files.readString(dir.resolve("gobgpd.log")));
        }
        rib("ipv4", "add", "10.3.1.0/24", "nexthop", P4);
        rib("ipv4", "add", "10.3.2.0/24", "nexthop", P4, "origin", "egp", "med", "50", "local-pref", "300");
        rib("ipv4", "add", "10.3.3.0/24", "rt", "65001:7", "nexthop", P4, "community", "65001:100,no-export",
                "large-community", "4200000001:1:2");
        rib("ipv4", "add", "10.3.4.0/24", "nexthop", P4, "origin", "incomplete", "aspath", "65010 65011 {65020,65021}",
                "aggregator", "65020:10.9.9.9");
        rib("ipv4", "add", "10.3.9.0/24", "nexthop", P4);
        rib("ipv6", "add", "fd03:1::/64", "nexthop", P6);
        rib("ipv6", "add", "fd03:2::/64", "nexthop", P6, "med", "60", "community", "65001:600",
                "large-community", "4200000001:6:6");
        rib("ipv6", "add", "fd03:9::/64", "nexthop", P6);
    }

    private String rib(String family, String... args) {
        List<String> cmd = new ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "global", "rib", "-a", family));
        cmd.addAll(List.of(args));
        return ns.exec(cmd.toArray(String[]::new));
    }

    /** GoBGP keeps every Adj-RIB-In: {@code softresetin} replays it and sends no ROUTE-REFRESH. */
    @Override
    boolean sendsRouteRefresh() {
        return false;
    }

    @Override
    void refresh() {
    }

    @Override
    void withdraw() {
        rib("ipv4", "del", "10.3.9.0/24");
        rib("ipv6", "del", "fd03:9::/64");
    }

    @Override
    void ceaseV4() {
        ns.exec("gobgp", "-u", "127.0.0.1", "neighbor", M4, "shutdown", "--reason", SHUTDOWN_TEXT);
    }

    @Override
    void ceaseV6() {
        ns.exec("gobgp", "-u", "127.0.0.1", "neighbor", M6, "reset", "--reason", RESET_TEXT);
    }

    @Override
    String describe(Spec spec) {
        return "gobgp global rib add: 10.3.1.0/24 plain; 10.3.2.0/24 ORIGIN EGP, MED 50, LOCAL_PREF 300 (iBGP only);"
                + " 10.3.3.0/24 rt 65001:7, communities 65001:100 + no-export, large 4200000001:1:2;"
                + " 10.3.4.0/24 ORIGIN INCOMPLETE, aspath 65010 65011 {65020,65021}, AGGREGATOR 65020:10.9.9.9;"
                + " 10.3.9.0/24 withdrawn later; fd03:1::/64 plain; fd03:2::/64 MED 60, community 65001:600,"
                + " large 4200000001:6:6; fd03:9::/64 withdrawn later."
                + " v4: neighbor shutdown --reason \"" + SHUTDOWN_TEXT + "\"; v6: neighbor reset --reason \"" + RESET_TEXT + "\".";
    }
}
