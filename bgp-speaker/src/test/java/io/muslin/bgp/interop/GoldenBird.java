package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BIRD 2 for golden capture: static routes whose attributes an export filter sets (MED, ORIGIN,
 * LOCAL_PREF, communities, large and extended communities, a prepended AS path). Extended
 * messages are enabled. The v6 session is directly connected, so eBGP next hops carry BIRD's
 * link-local address too.
 */
final class GoldenBird extends GoldenDaemon {
    @Override
    String name() {
        return "bird";
    }

    @Override
    String unavailableReason() {
        return Prerequisites.executableReason("bird2", "/usr/sbin/bird");
    }

    @Override
    String version() {
        return io.muslin.testing.Commands.run(java.util.List.of("/usr/sbin/bird", "--version")).output().trim();
    }

    /** In the eBGP run only: the iBGP run keeps the classic NEXT_HOP + NLRI encoding for IPv4. */
    @Override
    boolean extendedNextHop(Spec spec) {
        return !spec.ibgp();
    }

    @Override
    void start(Netns ns, Path dir, Spec spec) throws Exception {
        this.ns = ns;
        this.dir = dir;
        String nextHopSelf = spec.ibgp() ? " next hop self;" : "";
        String extendedNextHop = extendedNextHop(spec) ? " extended next hop on;" : "";
        String config = """
                router id %1$s;
                log "%2$s" all;
                protocol device {}
                protocol static s4 { ipv4; route 10.1.1.0/24 blackhole; route 10.1.2.0/24 blackhole;
                  route 10.1.3.0/24 blackhole; route 10.1.4.0/24 blackhole; }
                protocol static s4w { ipv4; route 10.1.9.0/24 blackhole; route 10.1.10.0/24 blackhole; }
                protocol static s6 { ipv6; route fd01:1::/64 blackhole; route fd01:2::/64 blackhole; }
                protocol static s6w { ipv6; route fd01:9::/64 blackhole; }
                filter golden4 {
                  if source != RTS_STATIC then reject;
                  if net = 10.1.2.0/24 then { bgp_med = 50; bgp_origin = ORIGIN_EGP; bgp_local_pref = 300; }
                  if net = 10.1.3.0/24 then { bgp_community.add((65001,100)); bgp_community.add((65535,65281));
                    bgp_large_community.add((4200000001,1,2)); bgp_ext_community.add((rt,65001,7)); }
                  if net = 10.1.4.0/24 then { bgp_path.prepend(65011); bgp_path.prepend(65010); bgp_origin = ORIGIN_INCOMPLETE; }
                  accept;
                }
                filter golden6 {
                  if source != RTS_STATIC then reject;
                  if net = fd01:2::/64 then { bgp_med = 60; bgp_community.add((65001,600)); bgp_large_community.add((4200000001,6,6)); }
                  accept;
                }
                protocol bgp muslin4 {
                  local %3$s as %5$d; neighbor %4$s as %6$d;
                  hold time 90; connect retry time 1; error wait time 1, 5; direct;
                  enable extended messages;
                  ipv4 { import none; export filter golden4;%7$s%10$s };
                }
                protocol bgp muslin6 {
                  local %8$s as %5$d; neighbor %9$s as %6$d;
                  hold time 90; connect retry time 1; error wait time 1, 5; direct;
                  enable extended messages;
                  ipv6 { import none; export filter golden6;%7$s };
                }
                """.formatted(P4, dir.resolve("bird.log"), P4, M4, spec.daemonAs(), spec.muslinAs(), nextHopSelf, P6, M6, extendedNextHop);
        Files.writeString(dir.resolve("bird.conf"), config);
        process = ns.start(dir.resolve("bird.out"), "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString());
        Interop.waitFor("BIRD control socket", () -> Files.exists(dir.resolve("bird.ctl")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bird exited: " + Files.readString(dir.resolve("bird.out")));
        }
    }

    private String birdc(String command) {
        return ns.exec("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), command);
    }

    @Override
    void refresh() {
        birdc("reload in muslin4");
        birdc("reload in muslin6");
    }

    @Override
    void withdraw() {
        birdc("disable s4w");
        birdc("disable s6w");
    }

    @Override
    void ceaseV4() {
        birdc("disable muslin4 \"" + SHUTDOWN_TEXT + "\"");
    }

    @Override
    void ceaseV6() {
        birdc("restart muslin6 \"" + RESET_TEXT + "\"");
    }

    @Override
    String describe(Spec spec) {
        return "BIRD export filters: 10.1.1.0/24 plain; 10.1.2.0/24 MED 50, ORIGIN EGP, LOCAL_PREF 300 (iBGP only);"
                + " 10.1.3.0/24 communities 65001:100 + no-export, large 4200000001:1:2, ext rt 65001:7;"
                + " 10.1.4.0/24 AS path prepend 65010 65011, ORIGIN INCOMPLETE; 10.1.9.0/24 + 10.1.10.0/24 withdrawn later;"
                + " fd01:1::/64 plain; fd01:2::/64 MED 60, community 65001:600, large 4200000001:6:6; fd01:9::/64 withdrawn later."
                + (extendedNextHop(spec) ? " Extended next hop on (IPv4 in MP_REACH/MP_UNREACH)." : "")
                + " reload in (ROUTE-REFRESH); v4: disable \"" + SHUTDOWN_TEXT + "\"; v6: restart \"" + RESET_TEXT + "\".";
    }
}
