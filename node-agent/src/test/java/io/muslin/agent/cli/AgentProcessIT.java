package io.muslin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.agent.http.StatusJson;
import io.muslin.testing.Await;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http = HttpClient.newHttpClient();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

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

    @Test
    void theAgentServesItsApiLogsOneLinePerEventAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                nodeName: node-a
                datastore:
                  type: file
                  file:
                    directory: %s
                http:
                  port: %d
                """.formatted(dir.resolve("store"), port));
        Path log = dir.resolve("agent.log");
        Process p = MuslinProcess.builder(Map.of(), "agent", "--config", cfg.toString())
                .redirectErrorStream(false).redirectError(log.toFile()).redirectOutput(dir.resolve("agent.out").toFile()).start();
        try {
            Await.until(Duration.ofSeconds(60), "the agent answering /healthz", () -> {
                try {
                    return get(port, "/healthz").statusCode() == 200;
                } catch (Exception e) {
                    assertThat(p.isAlive()).as("the agent is running; log:\n" + read(log)).isTrue();
                    return false;
                }
            });
            assertThat(get(port, "/healthz").body()).isEqualTo("ok\n");
            // Without a speaker and a route programmer the node is not ready, and says why.
            Await.until(Duration.ofSeconds(20), "the datastore connected", () -> {
                try {
                    return StatusJson.mapper().readTree(get(port, "/status").body()).at("/datastore/connected").asBoolean();
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("not ready: routes: the first complete apply is not done\n");
            JsonNode s = StatusJson.mapper().readTree(get(port, "/status").body());
            assertThat(s.get("node").asText()).isEqualTo("node-a");
            assertThat(s.at("/datastore/description").asText()).isEqualTo("file store " + dir.resolve("store"));
            assertThat(s.at("/policy/enabled").asBoolean()).isTrue();
            assertThat(get(port, "/metrics").body()).contains("muslin_datastore_up 1.0").contains("muslin_agent_ready 0.0");

            MuslinProcess.Result status = MuslinProcess.run("status", "--config", cfg.toString());
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("on node node-a").contains("not ready: routes: the first complete apply is not done")
                    .contains("No BGP peers.");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
        }
        String text = read(log);
        assertThat(text).as(text).doesNotContain("WARNING").doesNotContain("Exception");
        // One line per event, with time and level.
        assertThat(text.lines().filter(l -> !l.isBlank())).isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO|WARN|ERROR) .*"));
        assertThat(text).contains("HTTP API on http://127.0.0.1:" + port).contains("muslin agent stopped");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no log)";
        } catch (java.io.IOException e) {
            return "(unreadable)";
        }
    }
}
