package io.muslin.bgp.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.testing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** FRR's bgpd ({@code frr} package) alone, without zebra, as a peer; asked with vtysh. */
final class Frr extends DaemonProcess {
    private static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
    private DaemonConfig config;
    private final String extraRouterConfig;

    Frr() {
        this("");
    }

    /** @param extraRouterConfig lines added under {@code router bgp} (e.g. " bgp graceful-restart\n") */
    Frr(String extraRouterConfig) {
        super(BGPD, "frr");
        this.extraRouterConfig = extraRouterConfig;
    }

    @Override
    public String name() {
        return "frr";
    }

    @Override
    public void start(Netns ns, Path dir, DaemonConfig c) throws Exception {
        this.ns = ns;
        this.dir = dir;
        writeConfig(c);
        launch();
    }

    /** Starts bgpd again after its process ended (e.g. killed as a crash) with a new config. */
    void startAgain(DaemonConfig c) throws Exception {
        process.onExit().join();
        writeConfig(c);
        launch();
    }

    private void writeConfig(DaemonConfig c) throws Exception {
        this.config = c;
        StringBuilder s = new StringBuilder();
        s.append("frr defaults traditional\nhostname peer\nlog file ").append(dir.resolve("frr.log")).append("\n");
        s.append("router bgp ").append(c.as()).append("\n bgp router-id ").append(c.routerId()).append("\n");
        s.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        s.append(extraRouterConfig);
        for (String n : new String[] {c.muslinV4(), c.muslinV6()}) {
            s.append(" neighbor ").append(n).append(" remote-as ").append(c.muslinAs()).append("\n");
            s.append(" neighbor ").append(n).append(" timers ").append(Math.max(1, c.holdTime() / 3)).append(' ')
                    .append(c.holdTime()).append("\n");
            s.append(" neighbor ").append(n).append(" timers connect 1\n");
            if (c.password() != null) {
                s.append(" neighbor ").append(n).append(" password ").append(c.password()).append("\n");
            }
        }
        s.append(" address-family ipv4 unicast\n");
        c.originate4().forEach(p -> s.append("  network ").append(p).append("\n"));
        s.append("  neighbor ").append(c.muslinV4()).append(" activate\n");
        if (c.ibgp()) {
            s.append("  neighbor ").append(c.muslinV4()).append(" next-hop-self\n");
        }
        s.append(" exit-address-family\n address-family ipv6 unicast\n");
        c.originate6().forEach(p -> s.append("  network ").append(p).append("\n"));
        s.append("  neighbor ").append(c.muslinV6()).append(" activate\n exit-address-family\n");
        Files.writeString(dir.resolve("bgpd.conf"), s);
    }

    private void launch() throws Exception {
        Files.deleteIfExists(dir.resolve("bgpd.vty"));
        process = ns.start(dir.resolve("bgpd.out"), BGPD.toString(), "-f", dir.resolve("bgpd.conf").toString(),
                "-i", dir.resolve("bgpd.pid").toString(), "-z", dir.resolve("zserv").toString(),
                "--vty_socket", dir.toString(), "-Z", "-S", "-u", "root", "-g", "root", "-P", "0");
        Interop.waitFor("bgpd vty socket", () -> Files.exists(dir.resolve("bgpd.vty")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bgpd exited: " + Files.readString(dir.resolve("bgpd.out")));
        }
    }

    String vtysh(String command) {
        return ns.exec("vtysh", "--vty_socket", dir.toString(), "-c", command);
    }

    @Override
    public Set<String> prefixesFromMuslin() throws Exception {
        Set<String> out = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String[] q : new String[][] {{"ipv4", config.muslinV4()}, {"ipv6", config.muslinV6()}}) {
            JsonNode routes = json.readTree(vtysh("show bgp " + q[0] + " unicast json")).path("routes");
            out.addAll(Daemons.prefixesFrom(routes, "peerId", q[1]));
        }
        return out;
    }

    @Override
    protected void relaunch() throws Exception {
        launch();
    }
}
