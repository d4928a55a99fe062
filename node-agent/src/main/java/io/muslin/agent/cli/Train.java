package io.muslin.agent.cli;

import io.muslin.agent.http.AgentHttpServer;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.StatusSources;
import io.muslin.net.IpAddress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Clock;

/**
 * The training run for the JDK's AOT cache ({@code bin/muslin} runs it with
 * {@code -XX:AOTCacheOutput}): a generic start of the command line and of the agent's HTTP side —
 * help texts, version, {@code status} and {@code routes} (table and JSON) against an agent HTTP
 * server started here on a loopback port, and {@code status} against a closed port. Prints nothing.
 */
public final class Train {
    private Train() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        try {
            Clock clock = Clock.systemUTC();
            DatastoreStatus ds = new DatastoreStatus("etcd [http://127.0.0.1:2379]", true, clock.instant(), 1, 0, 0, null);
            AgentStatusService status = new AgentStatusService("train", "train", clock,
                    StatusSources.withoutDataplane(true, "auto", () -> ds), new RecentErrors(5, clock));
            try (AgentHttpServer server = new AgentHttpServer(status, new AgentMetrics("train", "train", clock))) {
                int port = server.start(IpAddress.parse("127.0.0.1"), 0);
                String agent = "http://127.0.0.1:" + port;
                for (int i = 0; i < 3; i++) {
                    Main.run("--help");
                    Main.run("version");
                    Main.run("status", "--agent", agent);
                    Main.run("status", "--agent", agent, "-o", "json");
                    Main.run("routes", "--agent", agent);
                    for (String c : new String[] {"agent", "status", "routes", "ipam", "pools", "peers", "node"}) {
                        Main.run(c, "--help");
                    }
                }
            }
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Main.run("status", "--agent", "http://127.0.0.1:" + closed);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
