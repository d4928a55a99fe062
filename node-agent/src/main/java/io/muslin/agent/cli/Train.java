package io.muslin.agent.cli;

import com.sun.net.httpserver.HttpServer;
import io.muslin.agent.http.StatusJson;
import io.muslin.agent.status.AgentStatus;
import io.muslin.agent.status.Check;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.PeerStatus;
import io.muslin.agent.status.PolicySummary;
import io.muslin.agent.status.RouteEntry;
import io.muslin.routing.RouteKind;
import io.muslin.agent.status.RouteSummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The training run for the JDK's AOT cache ({@code bin/muslin} runs it with
 * {@code -XX:AOTCacheOutput}): a generic command-line start — help texts, {@code version},
 * {@code status} and {@code routes} (table and JSON) against a stand-in agent that serves canned
 * status JSON on a loopback port, and {@code status} against a closed port. The stand-in is the
 * JDK's small HTTP server, so the cache holds the command line's classes and not the agent's
 * vert.x server (whose classes the cache would otherwise load into every command). Prints nothing.
 */
public final class Train {
    private Train() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        HttpServer agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            serve(agent, "/status", StatusJson.mapper().writeValueAsString(sample()));
            serve(agent, "/routes", StatusJson.mapper().writeValueAsString(List.of(
                    new RouteEntry("192.168.11.0/26", "10.0.0.2", RouteKind.DIRECT, "eth0", true, null),
                    new RouteEntry("192.168.12.0/26", "10.0.1.3", RouteKind.VXLAN, "vxlan.muslin", false, "unreachable"))));
            agent.start();
            String url = "http://127.0.0.1:" + agent.getAddress().getPort();
            for (int i = 0; i < 3; i++) {
                Main.run("--help");
                Main.run("version");
                Main.run("status", "--agent", url);
                Main.run("status", "--agent", url, "-o", "json");
                Main.run("routes", "--agent", url);
                for (String c : new String[] {"agent", "status", "routes", "ipam", "pools", "peers", "node"}) {
                    Main.run(c, "--help");
                }
            }
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Main.run("status", "--agent", "http://127.0.0.1:" + closed);
        } finally {
            agent.stop(0);
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
    }

    private static AgentStatus sample() {
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        return new AgentStatus("train", "train", t, Check.failed("training"),
                new DatastoreStatus("etcd [http://127.0.0.1:2379]", true, t, 1, 0, 0, null),
                List.of(new PeerStatus("Mesh_10_0_0_2", "10.0.0.2", 179, 64512, "mesh", "mesh", "Established", t, null, 1, 1, 1, 1, 1),
                        new PeerStatus("Node_fd00__2", "fd00::2", 179, 64512, "node", "node", "Active", t, "hold-timer-expired", 0, 0, 0, 0, 0)),
                new RouteSummary(Map.of(RouteKind.DIRECT, 1), 1, true, t, null, Map.of()), List.of(),
                new PolicySummary(true, "nft", 0, 0, 0, null, null), List.of());
    }
}
