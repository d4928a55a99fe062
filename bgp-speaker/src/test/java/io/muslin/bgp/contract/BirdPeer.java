package io.muslin.bgp.contract;

import io.muslin.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD 2 in a network namespace as the far end of a route-stream contract test: one IPv4 BGP
 * session ({@code protocol bgp muslin}), static routes it announces, changed by reconfiguring it.
 */
public final class BirdPeer implements AutoCloseable {
    private final Netns ns;
    private final Path dir;
    private final String local;
    private final long as;
    private final String neighbor;
    private final long neighborAs;
    private Process process;

    public BirdPeer(Netns ns, Path dir, String local, long as, String neighbor, long neighborAs) {
        this.ns = ns;
        this.dir = dir;
        this.local = local;
        this.as = as;
        this.neighbor = neighbor;
        this.neighborAs = neighborAs;
    }

    public void start(List<String> routes) throws Exception {
        writeConfig(routes);
        process = ns.start(dir.resolve("bird.out"), "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", socket(), "-P", dir.resolve("bird.pid").toString());
        long until = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(dir.resolve("bird.ctl")) && process.isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("bird exited: " + Files.readString(dir.resolve("bird.out")));
        }
    }

    /** BIRD announces exactly these IPv4 prefixes from now on. */
    public void announce(List<String> routes) throws Exception {
        writeConfig(routes);
        birdc("configure");
    }

    /** Ends the session (BIRD sends Cease) until {@link #enable}. */
    public void disable() {
        birdc("disable muslin");
    }

    public void enable() {
        birdc("enable muslin");
    }

    public boolean established() {
        return birdc("show protocols muslin").contains("Established");
    }

    /** Prefixes BIRD holds from our side, with their next hops: {@code "10.99.1.0/24 via 10.78.0.1"}. */
    public Set<String> routesFromUs() {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([0-9.]+/\\d+)\\s.*\\n\\s+via ([0-9.]+)").matcher(birdc("show route protocol muslin"));
        while (m.find()) {
            out.add(m.group(1) + " via " + m.group(2));
        }
        return out;
    }

    public String birdc(String command) {
        return ns.exec("/usr/sbin/birdc", "-s", socket(), command);
    }

    private String socket() {
        return dir.resolve("bird.ctl").toString();
    }

    private void writeConfig(List<String> routes) throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("router id ").append(local).append(";\nprotocol device {}\nprotocol static s4 { ipv4;");
        routes.forEach(r -> s.append(" route ").append(r).append(" blackhole;"));
        s.append(" }\nprotocol bgp muslin {\n  local ").append(local).append(" as ").append(as).append(";\n  neighbor ")
                .append(neighbor).append(" as ").append(neighborAs).append(";\n")
                .append("  hold time 9; connect retry time 1; error wait time 1, 2; direct;\n")
                .append("  ipv4 { import all; export where source = RTS_STATIC; };\n}\n");
        Files.writeString(dir.resolve("bird.conf"), s);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
