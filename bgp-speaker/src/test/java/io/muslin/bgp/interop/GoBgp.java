package io.muslin.bgp.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** GoBGP's gobgpd ({@code gobgpd} package) as a peer; routes added and read with the gobgp CLI. */
final class GoBgp extends DaemonProcess {
    private static final String API = "127.0.0.1:50051";
    private DaemonConfig config;

    GoBgp() {
        super(Path.of("/usr/bin/gobgpd"), "gobgpd");
    }

    @Override
    public String name() {
        return "gobgp";
    }

    @Override
    public void start(Netns ns, Path dir, DaemonConfig c) throws Exception {
        this.ns = ns;
        this.dir = dir;
        this.config = c;
        StringBuilder s = new StringBuilder();
        s.append("[global.config]\n  as = ").append(c.as()).append("\n  router-id = \"").append(c.routerId())
                .append("\"\n  port = 179\n");
        for (String[] n : new String[][] {{c.muslinV4(), c.v4(), "ipv4-unicast"}, {c.muslinV6(), c.v6(), "ipv6-unicast"}}) {
            s.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"").append(n[0]).append("\"\n")
                    .append("    peer-as = ").append(c.muslinAs()).append("\n");
            if (c.password() != null) {
                s.append("    auth-password = \"").append(c.password()).append("\"\n");
            }
            s.append("  [neighbors.timers.config]\n    connect-retry = 1\n    hold-time = ").append(c.holdTime())
                    .append("\n    keepalive-interval = ").append(Math.max(1, c.holdTime() / 3)).append("\n")
                    .append("  [neighbors.transport.config]\n    local-address = \"").append(n[1]).append("\"\n")
                    .append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"")
                    .append(n[2]).append("\"\n");
        }
        Files.writeString(dir.resolve("gobgpd.toml"), s);
        launch();
    }

    private void launch() throws Exception {
        process = ns.start(dir.resolve("gobgpd.log"), "/usr/bin/gobgpd", "-f", dir.resolve("gobgpd.toml").toString(),
                "--api-hosts", API, "--pprof-disable", "-p");
        Interop.waitFor("gobgpd API", () -> !process.isAlive() || ns.tryExec("gobgp", "-u", "127.0.0.1", "global").exit() == 0);
        if (!process.isAlive()) {
            throw new IllegalStateException("gobgpd exited: " + Files.readString(dir.resolve("gobgpd.log")));
        }
        for (String p : config.originate4()) {
            ns.exec("gobgp", "-u", "127.0.0.1", "global", "rib", "-a", "ipv4", "add", p, "nexthop", config.v4());
        }
        for (String p : config.originate6()) {
            ns.exec("gobgp", "-u", "127.0.0.1", "global", "rib", "-a", "ipv6", "add", p, "nexthop", config.v6());
        }
    }

    @Override
    public Set<String> prefixesFromMuslin() throws Exception {
        Set<String> out = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String[] q : new String[][] {{"ipv4", config.muslinV4()}, {"ipv6", config.muslinV6()}}) {
            JsonNode rib = json.readTree(ns.exec("gobgp", "-u", "127.0.0.1", "-j", "global", "rib", "-a", q[0]));
            out.addAll(Daemons.prefixesFrom(rib, "neighbor-ip", q[1]));
        }
        return out;
    }

    @Override
    protected void relaunch() throws Exception {
        launch();
    }
}
