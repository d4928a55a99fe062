package io.muslin.bgp.bfd;

import io.muslin.bgp.interop.Daemons;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** BIRD 2's {@code protocol bfd} with one neighbor; reconfigured with {@code birdc configure}. */
final class BirdBfd implements BfdDaemon {
    private Netns ns;
    private Path dir;
    private Process process;
    private String local;
    private String peer;
    private boolean multihop;

    @Override
    public String name() {
        return "bird";
    }

    @Override
    public String unavailableReason() {
        return Prerequisites.executableReason("bird2", "/usr/sbin/bird");
    }

    @Override
    public void start(Netns ns, Path dir, String local, String peer, boolean multihop, int rxMs, int txMs, int mult)
            throws Exception {
        this.ns = ns;
        this.dir = dir;
        this.local = local;
        this.peer = peer;
        this.multihop = multihop;
        writeConfig(rxMs, txMs, mult);
        process = ns.start(dir.resolve("bird.out"), "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(), "-s",
                dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString());
        Await.until(Duration.ofSeconds(10), "BIRD control socket",
                () -> Files.exists(dir.resolve("bird.ctl")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bird exited: " + Files.readString(dir.resolve("bird.out")));
        }
    }

    private void writeConfig(int rx, int tx, int mult) throws Exception {
        String timers = "min rx interval " + rx + " ms; min tx interval " + tx + " ms; multiplier " + mult + ";";
        String s = "router id " + (local.contains(":") ? "10.255.0.1" : local) + ";\n"
                + "log \"" + dir.resolve("bird.log") + "\" all;\n"
                + "protocol device {}\n"
                + "protocol bfd {\n"
                + "  interface \"*\" { " + timers + " };\n"
                + "  multihop { " + timers + " };\n"
                + "  neighbor " + peer + (multihop ? " local " + local + " multihop on" : "") + ";\n"
                + "}\n";
        Files.writeString(dir.resolve("bird.conf"), s);
    }

    @Override
    public void setTimers(int rxMs, int txMs, int mult) throws Exception {
        writeConfig(rxMs, txMs, mult);
        String out = birdc("configure");
        if (!out.contains("Reconfigured") && !out.contains("Reconfiguration in progress")) {
            throw new IllegalStateException("birdc configure: " + out);
        }
    }

    String birdc(String command) {
        return ns.exec("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), command);
    }

    @Override
    public String state() {
        // "10.77.0.2    eth0    Up    15:00:00.000    0.300    0.900"
        for (String line : birdc("show bfd sessions").lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(peer)) {
                for (String w : f) {
                    String l = w.toLowerCase(Locale.ROOT);
                    if (l.equals("up") || l.equals("down") || l.equals("init") || l.equals("admindown")) {
                        return l;
                    }
                }
            }
        }
        return "none";
    }

    @Override
    public void close() {
        Daemons.stop(process);
    }
}
