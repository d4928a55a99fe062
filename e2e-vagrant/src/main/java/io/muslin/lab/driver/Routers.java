package io.muslin.lab.driver;

import io.muslin.lab.config.RouterConfigs;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Rack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Starts the core's BIRD and each rack's BIRD or FRR (zebra + bgpd) in their namespaces. */
final class Routers {
    private static final String FRR = "/usr/lib/frr/";

    private Routers() {
    }

    static void start(Topology t, LabState state) {
        bird(state, "core", Names.CORE, RouterConfigs.birdCore(t));
        for (Rack r : t.racks()) {
            if (r.tor().daemon().equals("bird")) {
                bird(state, "tor-" + r.name(), Names.tor(r), RouterConfigs.birdTor(t, r));
            } else {
                frr(state, t, r);
            }
        }
    }

    private static void bird(LabState state, String role, String ns, String config) {
        Path dir = state.roleDir(role);
        write(dir.resolve("bird.conf"), config);
        Process p = Shell.startIn(ns, dir.resolve("bird.log"), List.of("bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString()), Map.of());
        state.recordProcess(role, p);
        Wait.until(Duration.ofSeconds(10), role + "'s BIRD control socket", () -> Files.exists(dir.resolve("bird.ctl")) || !p.isAlive());
        if (!p.isAlive()) {
            throw new LabException(role + ": bird exited: " + read(dir.resolve("bird.log")));
        }
    }

    private static void frr(LabState state, Topology t, Rack r) {
        String role = "tor-" + r.name();
        Path dir = state.roleDir(role);
        String ns = Names.tor(r);
        write(dir.resolve("zebra.conf"), "hostname " + r.name() + "\n");
        write(dir.resolve("bgpd.conf"), RouterConfigs.frrTor(t, r, dir.resolve("bgpd.log")));
        // FRR's daemons drop to the frr user (zebra insists on the frrvty group): they own their directory.
        Shell.must("chown", "-R", "frr:frr", dir.toString());
        Process zebra = Shell.startIn(ns, dir.resolve("zebra.out"), List.of(FRR + "zebra", "-f", dir.resolve("zebra.conf").toString(),
                "-i", dir.resolve("zebra.pid").toString(), "-z", dir.resolve("zserv.api").toString(), "--vty_socket", dir.toString(),
                "-P", "0"), Map.of());
        state.recordProcess(role + "-zebra", zebra);
        Wait.until(Duration.ofSeconds(10), role + "'s zebra", () -> Files.exists(dir.resolve("zserv.api")) || !zebra.isAlive());
        if (!zebra.isAlive()) {
            throw new LabException(role + ": zebra exited: " + read(dir.resolve("zebra.out")));
        }
        Process bgpd = Shell.startIn(ns, dir.resolve("bgpd.out"), List.of(FRR + "bgpd", "-f", dir.resolve("bgpd.conf").toString(),
                "-i", dir.resolve("bgpd.pid").toString(), "-z", dir.resolve("zserv.api").toString(), "--vty_socket", dir.toString(),
                "-P", "0"), Map.of());
        state.recordProcess(role, bgpd);
        Wait.until(Duration.ofSeconds(10), role + "'s bgpd", () -> Files.exists(dir.resolve("bgpd.vty")) || !bgpd.isAlive());
        if (!bgpd.isAlive()) {
            throw new LabException(role + ": bgpd exited: " + read(dir.resolve("bgpd.out")));
        }
    }

    /**
     * Gives every rack router the configuration of {@code t} (another peering variant) without a
     * restart: BIRD reads its new file ({@code birdc configure}); FRR's bgpd takes the new
     * configuration's commands through {@code vtysh -f} (additive: sessions of the old variant that
     * the new one lacks stay configured — the ToR variant only adds).
     */
    static void reconfigure(Topology t, LabState state) {
        for (Rack r : t.racks()) {
            Path dir = state.dir().resolve("tor-" + r.name());
            Shell.Result res;
            if (r.tor().daemon().equals("bird")) {
                write(dir.resolve("bird.conf"), RouterConfigs.birdTor(t, r));
                res = Shell.runIn(Names.tor(r), "birdc", "-s", dir.resolve("bird.ctl").toString(), "configure");
                if (!res.ok() || !res.output().contains("Reconfigured")) {
                    throw new LabException("rack " + r.name() + ": birdc configure: " + res.output().strip());
                }
            } else {
                Path conf = dir.resolve("bgpd-" + t.peering().text() + ".conf");
                write(conf, RouterConfigs.frrTor(t, r, dir.resolve("bgpd.log")).replaceFirst("(?m)^frr defaults .*\n", ""));
                res = Shell.runIn(Names.tor(r), "vtysh", "--vty_socket", dir.toString(), "-f", conf.toString());
                if (!res.ok()) {
                    throw new LabException("rack " + r.name() + ": vtysh -f " + conf + ": " + res.output().strip());
                }
            }
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "(no output)";
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }
}
