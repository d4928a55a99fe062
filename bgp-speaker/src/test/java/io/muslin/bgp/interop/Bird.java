package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BIRD 2 ({@code bird2} package) as a peer. */
final class Bird extends DaemonProcess {
    private final String extraProtocolConfig;
    private final String extraGlobalConfig;

    Bird() {
        this("");
    }

    /** @param extraProtocolConfig lines added to both BGP protocols (e.g. "ttl security on;") */
    Bird(String extraProtocolConfig) {
        this(extraProtocolConfig, "");
    }

    /** @param extraGlobalConfig lines added before the protocols (e.g. a {@code protocol bfd}) */
    Bird(String extraProtocolConfig, String extraGlobalConfig) {
        super(Path.of("/usr/sbin/bird"), "bird2");
        this.extraProtocolConfig = extraProtocolConfig;
        this.extraGlobalConfig = extraGlobalConfig;
    }

    @Override
    public String name() {
        return "bird";
    }

    @Override
    public void start(Netns ns, Path dir, DaemonConfig c) throws Exception {
        this.ns = ns;
        this.dir = dir;
        writeConfig(c);
        launch();
    }

    /**
     * Starts BIRD again after its process ended (e.g. killed as a crash) with a new config;
     * {@code recovery}: {@code bird -R}, graceful-restart recovery (restart-state bit set, routes
     * sent only after the peers' End-of-RIB).
     */
    void startAgain(DaemonConfig c, boolean recovery) throws Exception {
        process.onExit().join();
        Files.deleteIfExists(dir.resolve("bird.ctl"));
        writeConfig(c);
        launch(recovery ? new String[] {"-R"} : new String[0]);
    }

    private void writeConfig(DaemonConfig c) throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("router id ").append(c.routerId()).append(";\n");
        s.append("log \"").append(dir.resolve("bird.log")).append("\" all;\n");
        s.append("protocol device {}\n").append(extraGlobalConfig);
        s.append("protocol static s4 { ipv4;");
        c.originate4().forEach(p -> s.append(" route ").append(p).append(" blackhole;"));
        s.append(" }\nprotocol static s6 { ipv6;");
        c.originate6().forEach(p -> s.append(" route ").append(p).append(" blackhole;"));
        s.append(" }\n");
        for (boolean v6 : new boolean[] {false, true}) {
            s.append("protocol bgp muslin").append(v6 ? "6" : "4").append(" {\n")
                    .append("  local ").append(v6 ? c.v6() : c.v4()).append(" as ").append(c.as()).append(";\n")
                    .append("  neighbor ").append(v6 ? c.muslinV6() : c.muslinV4()).append(" as ").append(c.muslinAs()).append(";\n")
                    .append("  hold time ").append(c.holdTime()).append("; connect retry time 1; error wait time 1, 5;\n")
                    .append("  direct;\n").append(extraProtocolConfig).append("\n");
            if (c.password() != null) {
                s.append("  password \"").append(c.password()).append("\";\n");
            }
            s.append("  ").append(v6 ? "ipv6" : "ipv4").append(" { import all; export where source = RTS_STATIC;")
                    .append(c.ibgp() ? " next hop self;" : "").append(" };\n}\n");
        }
        Files.writeString(dir.resolve("bird.conf"), s);
    }

    private void launch(String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/usr/sbin/bird", "-f", "-c",
                dir.resolve("bird.conf").toString(), "-s", dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString()));
        command.addAll(java.util.List.of(options));
        process = ns.start(dir.resolve("bird.out"), command.toArray(String[]::new));
        Interop.waitFor("BIRD control socket", () -> Files.exists(dir.resolve("bird.ctl")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bird exited: " + Files.readString(dir.resolve("bird.out")));
        }
    }

    String birdc(String command) {
        return ns.exec("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), command);
    }

    @Override
    public Set<String> prefixesFromMuslin() {
        Set<String> out = new TreeSet<>();
        for (String proto : new String[] {"muslin4", "muslin6"}) {
            Matcher m = Pattern.compile("(?m)^([0-9a-f.:]+/\\d+)\\s").matcher(birdc("show route protocol " + proto));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Override
    protected void relaunch() throws Exception {
        Files.deleteIfExists(dir.resolve("bird.ctl"));
        launch();
    }
}
