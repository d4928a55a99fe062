package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the agent's process tests share: the real {@code bin/muslin agent} started in a node
 * namespace, a real BIRD in a peer namespace, and the agent's HTTP API asked from inside the node
 * namespace (it listens on that namespace's loopback).
 */
final class AgentFixtures {
    private AgentFixtures() {}

    /** {@code bin/muslin agent --config CONFIG} in {@code node}, without the AOT cache and without this JVM's MUSLIN_* environment. */
    static Process startAgent(Netns node, Path config, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", node.name(), AgentWithBirdIT.BIN.toString(), "agent",
                "--config", config.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("MUSLIN_"));
        pb.environment().put("MUSLIN_AOT", "0");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** BIRD in {@code ns} with {@code config} (written to dir/bird.conf), once its control socket dir/bird.ctl is there. */
    static Process startBird(Netns ns, Path dir, String config) throws Exception {
        Files.writeString(dir.resolve("bird.conf"), config);
        Process bird = ns.start(dir.resolve("bird.out"), "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(), "-s",
                dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString());
        Await.until(Duration.ofSeconds(10), "BIRD's control socket", () -> Files.exists(dir.resolve("bird.ctl")) || !bird.isAlive());
        assertThat(bird.isAlive()).as("bird runs: " + Files.readString(dir.resolve("bird.out"))).isTrue();
        return bird;
    }

    /** One {@code birdc} command to the BIRD {@link #startBird} started with the same {@code dir}. */
    static String birdc(Netns ns, Path dir, String command) {
        return ns.exec("/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString(), command);
    }

    /** GET over a socket made in {@code node}, to its 127.0.0.1:{@code port}; "" when not answering. */
    static String get(Netns node, int port, String path) {
        try {
            return node.executor().submit(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
    }

    /** The body of an HTTP response; "" when it has none. */
    static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }
}
