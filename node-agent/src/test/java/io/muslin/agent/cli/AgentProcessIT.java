package io.muslin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.agent.http.StatusJson;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code muslin agent} as a real process: configuration errors, start, HTTP API, log format, stop. */
class AgentProcessIT {
    @Test
    void aBadValueExitsTwoNamingTheField(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("agent.yaml"),
                "datastore:\n  type: file\n  file:\n    directory: " + dir.resolve("store") + "\nbgp:\n  holdTime: 2\n");
        MuslinProcess.Result r = MuslinProcess.run("agent", "--config", cfg.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("muslin: bad config " + cfg + ": bgp.holdTime: 2 is not allowed: 0 or at least 3 seconds (RFC 4271 4.2)\n");
        Path good = Files.writeString(dir.resolve("good.yaml"),
                "datastore:\n  type: file\n  file:\n    directory: " + dir.resolve("store") + "\n");
        MuslinProcess.Result env = MuslinProcess.run(Map.of("MUSLIN_HTTP_PORT", "nine"), "agent", "--config", good.toString());
        assertThat(env.exit()).isEqualTo(2);
        assertThat(env.err()).isEqualTo("muslin: bad config " + good + ": http.port (MUSLIN_HTTP_PORT): 'nine' is not a whole number\n");
        MuslinProcess.Result missing = MuslinProcess.run("agent", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("muslin: bad config " + dir.resolve("nope.yaml") + ": " + dir.resolve("nope.yaml") + ": cannot read: ");
    }

    /**
     * The agent changes routes, links and listens on port 179: it runs in a network namespace made
     * here (its uplink a veth to a second one), never in this machine's.
     */
    @Test
    void theAgentServesItsApiLogsOneLinePerEventAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        int port = 9099;
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                nodeName: node-a
                datastore:
                  type: file
                  file:
                    directory: %s
                http:
                  port: %d
                stateDir: %s
                policy:
                  enabled: true
                """.formatted(dir.resolve("store"), port, dir.resolve("state")));
        Path log = dir.resolve("agent.log");
        String tag = "mapi-" + Long.toHexString(System.nanoTime() & 0xFFFFF);
        try (Netns ns = Netns.create(tag + "-n"); Netns other = Netns.create(tag + "-o")) {
            Netns.link(ns, "eth0", List.of("10.99.0.1/24"), other, "eth0", List.of("10.99.0.2/24"));
            Process p = inNamespace(ns, "agent", "--config", cfg.toString())
                    .redirectErrorStream(false).redirectError(log.toFile()).redirectOutput(dir.resolve("agent.out").toFile()).start();
            try {
                Await.until(Duration.ofSeconds(60), "the agent answering /healthz", () -> {
                    String r = get(ns, port, "/healthz");
                    assertThat(r.isEmpty() && !p.isAlive()).as("the agent stopped; log:\n" + read(log)).isFalse();
                    return r.matches("(?s)HTTP/1\\.[01] 200 .*");
                });
                assertThat(body(get(ns, port, "/healthz"))).isEqualTo("ok\n");
                Await.until(Duration.ofSeconds(20), "the datastore connected", () -> {
                    try {
                        return StatusJson.mapper().readTree(body(get(ns, port, "/status"))).at("/datastore/connected").asBoolean();
                    } catch (Exception e) {
                        return false;
                    }
                });
                // No peers configured and no pools: ready once the first complete route apply is done.
                Await.until(Duration.ofSeconds(30), "/readyz ready", () -> get(ns, port, "/readyz").matches("(?s)HTTP/1\\.[01] 200 .*"));
                assertThat(body(get(ns, port, "/readyz"))).isEqualTo("ready\n");
                JsonNode s = StatusJson.mapper().readTree(body(get(ns, port, "/status")));
                assertThat(s.get("node").asText()).isEqualTo("node-a");
                assertThat(s.at("/datastore/description").asText()).isEqualTo("file store " + dir.resolve("store"));
                assertThat(s.at("/policy/enabled").asBoolean()).isTrue();
                assertThat(s.at("/routes/firstApplyDone").asBoolean()).isTrue();
                assertThat(body(get(ns, port, "/metrics"))).contains("muslin_datastore_up 1.0").contains("muslin_agent_ready 1.0");
                assertThat(Files.readString(dir.resolve("state/nodename"))).isEqualTo("node-a\n");

                Process status = inNamespace(ns, "status", "--config", cfg.toString()).redirectErrorStream(true).start();
                String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(status.exitValue()).as(out).isZero();
                assertThat(out).contains("on node node-a").contains("No BGP peers.");
            } finally {
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
            }
            assertThat(p.exitValue()).as("SIGTERM is a stop for a restart: exit 0").isZero();
        }
        String text = read(log);
        assertThat(text).as(text).doesNotContain("WARNING").doesNotContain("Exception");
        // One line per event, with time and level.
        assertThat(text.lines().filter(l -> !l.isBlank())).isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO|WARN|ERROR) .*"));
        assertThat(text).contains("HTTP API on http://127.0.0.1:" + port).contains("BGP speaker started").contains("muslin agent stopped");
    }

    /** {@code bin/muslin ARGS} inside the namespace, with the test's environment minus MUSLIN_*. */
    private static ProcessBuilder inNamespace(Netns ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), MuslinProcess.BIN.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("MUSLIN_"));
        pb.environment().put("MUSLIN_AOT", "0");
        return pb;
    }

    /** GET over a socket made inside the namespace; "" when nothing answers. */
    private static String get(Netns ns, int port, String path) {
        try {
            return ns.executor().submit(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "";
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
    }

    private static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no log)";
        } catch (java.io.IOException e) {
            return "(unreadable)";
        }
    }
}
