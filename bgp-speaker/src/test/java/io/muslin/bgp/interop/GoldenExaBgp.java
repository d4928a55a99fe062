package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * ExaBGP 4 for golden capture: static routes set nearly every attribute by hand, including
 * ORIGINATOR_ID, CLUSTER_LIST (iBGP only), an AS_SET, ATOMIC_AGGREGATE, AGGREGATOR and unknown
 * optional transitive attributes (one with the Partial bit, one with the extended-length flag).
 * Withdrawals and teardowns go through its process API: a script tails a command file.
 */
final class GoldenExaBgp extends GoldenDaemon {
    private Path commands;

    @Override
    String name() {
        return "exabgp";
    }

    @Override
    String unavailableReason() {
        return Prerequisites.executableReason("exabgp", "/usr/sbin/exabgp");
    }

    @Override
    String version() {
        return io.muslin.testing.Commands.run(List.of("/usr/sbin/exabgp", "--version")).output().trim();
    }

    @Override
    void start(Netns ns, Path dir, Spec spec) throws Exception {
        this.ns = ns;
        this.dir = dir;
        commands = dir.resolve("commands.txt");
        Files.writeString(commands, "");
        Path script = dir.resolve("commands.sh");
        Files.writeString(script, "#!/bin/sh\nexec tail -n +1 -F " + commands + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = spec.ibgp() ? "" : spec.daemonAs() + " ";
        String asPath = spec.ibgp() ? "" : " as-path [ " + spec.daemonAs() + " ]";
        String ibgpOnly4 = spec.ibgp()
                ? "        route 10.4.5.0/24 next-hop 10.77.0.1 local-preference 200 originator-id 10.9.9.1"
                        + " cluster-list [ 10.9.9.2 10.9.9.3 ];\n"
                : "";
        String v4Routes = """
                        route 10.4.1.0/24 next-hop 10.77.0.1%1$s;
                        route 10.4.2.0/24 next-hop 10.77.0.1%1$s origin egp med 50%2$s;
                        route 10.4.3.0/24 next-hop 10.77.0.1%1$s community [ 65001:100 no-export ] extended-community [ target:65001:7 origin:65001:8 ] large-community [ 4200000001:1:2 4200000001:3:4 ];
                        route 10.4.4.0/24 next-hop 10.77.0.1 origin incomplete as-path [ %3$s65010 65011 ( 65020 65021 ) ] atomic-aggregate aggregator ( 65020:10.9.9.9 );
                        route 10.4.6.0/24 next-hop 10.77.0.1%1$s attribute [ 0x63 0xc0 0x0102030405 ];
                        route 10.4.7.0/24 next-hop 10.77.0.1%1$s attribute [ 0x65 0xd0 0x0a0b0c ];
                        route 10.4.8.0/24 next-hop 10.77.0.1%1$s;
                        route 10.4.9.0/24 next-hop 10.77.0.1%1$s;
                %4$s""".formatted(asPath, spec.ibgp() ? " local-preference 300" : "", path, ibgpOnly4);
        String v6Routes = """
                        route fd04:1::/64 next-hop fd77::1%1$s;
                        route fd04:2::/64 next-hop fd77::1%1$s med 60 community [ 65001:600 ] large-community [ 4200000001:6:6 ] attribute [ 0x64 0xe0 0xaabb ];
                        route fd04:9::/64 next-hop fd77::1%1$s;
                """.formatted(asPath);
        StringBuilder s = new StringBuilder();
        s.append("process golden {\n    run ").append(script).append(";\n    encoder text;\n}\n");
        for (String[] n : new String[][] {{M4, P4, "ipv4 unicast", v4Routes}, {M6, P6, "ipv6 unicast", v6Routes}}) {
            s.append("neighbor ").append(n[0]).append(" {\n")
                    .append("    router-id ").append(P4).append(";\n")
                    .append("    local-address ").append(n[1]).append(";\n")
                    .append("    local-as ").append(spec.daemonAs()).append(";\n")
                    .append("    peer-as ").append(spec.muslinAs()).append(";\n")
                    .append("    hold-time 90;\n")
                    .append("    family { ").append(n[2]).append("; }\n")
                    .append("    capability { route-refresh; }\n")
                    .append("    api { processes [ golden ]; }\n")
                    .append("    static {\n").append(n[3]).append("    }\n}\n");
        }
        Files.writeString(dir.resolve("exabgp.conf"), s);
        process = ns.start(dir.resolve("exabgp.out"), "env", "exabgp.daemon.user=root", "exabgp.daemon.daemonize=false",
                "exabgp.api.cli=false", "exabgp.log.destination=" + dir.resolve("exabgp.log"),
                "exabgp.tcp.connections=0", "/usr/sbin/exabgp", dir.resolve("exabgp.conf").toString());
        Thread.sleep(300);
        if (!process.isAlive()) {
            throw new IllegalStateException("exabgp exited: " + Files.readString(dir.resolve("exabgp.out")));
        }
    }

    private void command(String line) throws Exception {
        Files.writeString(commands, line + "\n", StandardOpenOption.APPEND);
    }

    @Override
    void refresh() throws Exception {
        command("neighbor " + M4 + " announce route-refresh ipv4 unicast");
        command("neighbor " + M6 + " announce route-refresh ipv6 unicast");
    }

    @Override
    void withdraw() throws Exception {
        command("neighbor " + M4 + " withdraw route 10.4.9.0/24 next-hop 10.77.0.1");
        command("neighbor " + M4 + " withdraw route 10.4.8.0/24");
        command("neighbor " + M6 + " withdraw route fd04:9::/64 next-hop fd77::1");
    }

    @Override
    void ceaseV4() throws Exception {
        command("neighbor " + M4 + " teardown 2");
    }

    @Override
    void ceaseV6() throws Exception {
        command("neighbor " + M6 + " teardown 3");
    }

    @Override
    String describe(Spec spec) {
        return "ExaBGP static routes (eBGP: every AS path starts with " + spec.daemonAs() + "): 10.4.1.0/24 plain;"
                + " 10.4.2.0/24 ORIGIN EGP, MED 50, LOCAL_PREF 300 (iBGP only);"
                + " 10.4.3.0/24 communities 65001:100 + no-export, ext target:65001:7 + origin:65001:8,"
                + " large 4200000001:1:2 + 4200000001:3:4; 10.4.4.0/24 ORIGIN INCOMPLETE, path 65010 65011 {65020,65021},"
                + " ATOMIC_AGGREGATE, AGGREGATOR 65020 10.9.9.9; 10.4.5.0/24 (iBGP only) LOCAL_PREF 200, ORIGINATOR_ID"
                + " 10.9.9.1, CLUSTER_LIST 10.9.9.2 10.9.9.3; 10.4.6.0/24 attribute 0x63 flags 0xc0 value 0102030405;"
                + " 10.4.7.0/24 attribute 0x65 flags 0xd0 (extended length) value 0a0b0c; 10.4.8.0/24 and 10.4.9.0/24 withdrawn later"
                + " (10.4.8.0/24 without a next hop);"
                + " fd04:1::/64 plain; fd04:2::/64 MED 60, community 65001:600, large 4200000001:6:6, attribute 0x64"
                + " flags 0xe0 (Partial) value aabb; fd04:9::/64 withdrawn later. announce route-refresh; v4: teardown 2; v6: teardown 3.";
    }
}
