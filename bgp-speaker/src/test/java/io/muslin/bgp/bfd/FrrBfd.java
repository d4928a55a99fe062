package io.muslin.bgp.bfd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.bgp.interop.Daemons;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * FRR's bfdd alone (no zebra) with one configured peer; changed and asked with vtysh. bfdd drops
 * to the {@code frr} user, so its directory is opened to it.
 */
final class FrrBfd implements BfdDaemon {
    private static final Path BFDD = Path.of("/usr/lib/frr/bfdd");
    private Netns ns;
    private Path dir;
    private Process process;
    private String local;
    private String peer;
    private boolean multihop;

    @Override
    public String name() {
        return "frr";
    }

    @Override
    public String unavailableReason() {
        return Prerequisites.executableReason("frr", BFDD.toString());
    }

    @Override
    public void start(Netns ns, Path dir, String local, String peer, boolean multihop, int rxMs, int txMs, int mult)
            throws Exception {
        this.ns = ns;
        this.dir = dir;
        this.local = local;
        this.peer = peer;
        this.multihop = multihop;
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String conf = "frr defaults traditional\nhostname peer\nlog file " + dir.resolve("frr.log") + "\ndebug bfd peer\ndebug bfd network\n"
                + "bfd\n " + peerLine() + "\n"
                + "  receive-interval " + rxMs + "\n  transmit-interval " + txMs + "\n  detect-multiplier " + mult + "\n"
                + " exit\nexit\n";
        Files.writeString(dir.resolve("bfdd.conf"), conf);
        process = ns.start(dir.resolve("bfdd.out"), BFDD.toString(), "-f", dir.resolve("bfdd.conf").toString(), "-i",
                dir.resolve("bfdd.pid").toString(), "-z", dir.resolve("zserv").toString(), "--vty_socket", dir.toString(),
                "--bfdctl", dir.resolve("bfdd.sock").toString(), "-u", "frr", "-g", "frr", "-P", "0");
        Await.until(Duration.ofSeconds(10), "bfdd vty socket",
                () -> Files.exists(dir.resolve("bfdd.vty")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("bfdd exited: " + Files.readString(dir.resolve("bfdd.out")));
        }
    }

    private String peerLine() {
        return "peer " + peer + (multihop ? " multihop" : "") + " local-address " + local;
    }

    @Override
    public void setTimers(int rxMs, int txMs, int mult) {
        ns.exec("vtysh", "--vty_socket", dir.toString(), "-c", "configure terminal", "-c", "bfd", "-c", peerLine(), "-c",
                "receive-interval " + rxMs, "-c", "transmit-interval " + txMs, "-c", "detect-multiplier " + mult);
    }

    @Override
    public String state() {
        try {
            JsonNode peers = new ObjectMapper().readTree(
                    ns.exec("vtysh", "--vty_socket", dir.toString(), "-c", "show bfd peers json"));
            for (JsonNode p : peers) {
                if (peer.equals(p.path("peer").asText())) {
                    return p.path("status").asText();
                }
            }
            return "none";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Daemons.stop(process);
    }
}
