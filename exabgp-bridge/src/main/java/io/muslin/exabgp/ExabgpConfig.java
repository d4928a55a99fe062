package io.muslin.exabgp;

import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.wire.AfiSafi;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ExaBGP 4.2's configuration file, environment and API relay, made from the settings; pure text,
 * no files touched (the bridge writes them).
 */
public final class ExabgpConfig {
    /** The name of the API process in the configuration. */
    public static final String PROCESS = "muslin";

    /**
     * The API process: it connects to the bridge's Unix socket (its only argument) and copies
     * ExaBGP's events (its stdin) to the socket and the bridge's commands (the socket) to its
     * stdout. When either side closes it exits, so ExaBGP and the bridge each see the other go.
     */
    public static final String RELAY = """
            import os, socket, sys, threading
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(sys.argv[1])
            def events():
                try:
                    for line in sys.stdin.buffer:
                        sock.sendall(line)
                finally:
                    os._exit(0)
            threading.Thread(target=events, daemon=True).start()
            for line in sock.makefile('rb'):
                sys.stdout.buffer.write(line)
                sys.stdout.buffer.flush()
            os._exit(0)
            """;

    private ExabgpConfig() {
    }

    /**
     * The configuration: one API process, one {@code neighbor} block per neighbour (router id,
     * addresses, ASes, hold time, MD5 key, passive, families) with JSON events for state changes,
     * parsed UPDATEs and NOTIFICATIONs.
     *
     * @throws IllegalArgumentException naming the field when a value cannot be written into
     *                                  ExaBGP's configuration (a quote in a password, no local address, ...)
     */
    public static String render(ExabgpSettings s, Path relay, Path socket) {
        StringBuilder c = new StringBuilder();
        c.append("process ").append(PROCESS).append(" {\n")
                .append("    run ").append(s.python()).append(' ').append(relay).append(' ').append(socket).append(";\n")
                .append("    encoder json;\n}\n");
        for (int i = 0; i < s.neighbors().size(); i++) {
            ExabgpNeighbor n = s.neighbors().get(i);
            PeerSpec p = n.peer();
            SessionSpec session = p.session();
            String field = "neighbors[" + i + "]";
            c.append("\nneighbor ").append(p.address()).append(" {\n");
            if (!p.description().isEmpty()) {
                c.append("    description \"").append(quoted(p.description(), field + ".description")).append("\";\n");
            }
            if (session.localAddress() == null) {
                throw new IllegalArgumentException(field + ".localAddress: is required (ExaBGP 4.2 refuses a neighbor"
                        + " without local-address)");
            }
            c.append("    router-id ").append(s.routerId()).append(";\n")
                    .append("    local-address ").append(session.localAddress()).append(";\n");
            c.append("    local-as ").append(s.localAs()).append(";\n")
                    .append("    peer-as ").append(session.asNumber()).append(";\n")
                    .append("    hold-time ").append(session.holdTime()).append(";\n");
            if (session.password() != null) {
                c.append("    md5-password \"").append(quoted(session.password(), field + ".password")).append("\";\n");
            }
            if (session.passive()) {
                c.append("    passive;\n");
            }
            c.append("    family {\n");
            for (AfiSafi f : session.families()) {
                c.append("        ").append(f.equals(AfiSafi.IPV6_UNICAST) ? "ipv6 unicast" : "ipv4 unicast").append(";\n");
            }
            if (n.linkState()) {
                c.append("        bgp-ls bgp-ls;\n");
            }
            c.append("    }\n")
                    .append("    api {\n")
                    .append("        processes [ ").append(PROCESS).append(" ];\n")
                    .append("        neighbor-changes;\n")
                    .append("        receive { parsed; update; notification; }\n")
                    .append("    }\n}\n");
        }
        return c.toString();
    }

    /**
     * ExaBGP's environment: in the foreground, as the user it was started by, logging warnings
     * only (to stdout, which the bridge logs), JSON without acknowledgements, no CLI pipes, no
     * respawning of the API process (the bridge restarts ExaBGP instead), listening only where a
     * neighbour is passive.
     */
    public static Map<String, String> environment(ExabgpSettings s, String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("exabgp.daemon.daemonize", "false");
        env.put("exabgp.daemon.drop", "false");
        env.put("exabgp.daemon.user", user);
        env.put("exabgp.log.destination", "stdout");
        env.put("exabgp.log.level", "WARNING");
        env.put("exabgp.log.short", "true");
        env.put("exabgp.api.encoder", "json");
        env.put("exabgp.api.ack", "false");
        env.put("exabgp.api.cli", "false");
        env.put("exabgp.api.respawn", "false");
        env.put("exabgp.api.terminate", "true");
        List<String> listen = s.neighbors().stream().map(ExabgpNeighbor::peer)
                .filter(p -> p.session().passive() && p.session().localAddress() != null)
                .map(p -> p.session().localAddress().toString()).distinct().toList();
        env.put("exabgp.tcp.bind", String.join(" ", listen));
        return env;
    }

    private static String quoted(String value, String field) {
        for (char ch : value.toCharArray()) {
            if (ch == '"' || ch == '\\' || ch < 0x20 || ch == 0x7f) {
                throw new IllegalArgumentException(field + ": cannot contain quotes, backslashes or control characters "
                        + "(ExaBGP's configuration has no escapes)");
            }
        }
        return value;
    }
}
