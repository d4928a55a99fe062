package io.muslin.bgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two standalone speakers on loopback: JSON events on stdout, routes printed, and GET /status. */
class StandaloneSpeakerTest {
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void printsEventsAndServesStatus() throws Exception {
        int portA = freePort(), portB = freePort(), http = freePort();
        SpeakerConfig a = SpeakerConfig.parse("""
                asNumber: 64512
                routerId: 127.0.0.21
                listen: {address: 127.0.0.21, port: %d}
                http: {address: 127.0.0.1, port: %d}
                nextHopIPv4: 192.0.2.21
                peers:
                  - {address: 127.0.0.22, asNumber: 4200000001, port: %d, localAddress: 127.0.0.21, connectRetry: 1}
                originate: [10.244.21.0/26]
                """.formatted(portA, http, portB));
        SpeakerConfig b = SpeakerConfig.parse("""
                asNumber: 4200000001
                routerId: 127.0.0.22
                listen: {address: 127.0.0.22, port: %d}
                nextHopIPv4: 192.0.2.22
                peers:
                  - {address: 127.0.0.21, asNumber: 64512, port: %d, localAddress: 127.0.0.22, connectRetry: 1}
                originate: [10.244.22.0/26, 10.244.22.64/26]
                """.formatted(portB, portA));
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        try (StandaloneSpeaker sa = new StandaloneSpeaker(a, true, new PrintStream(outA, true, StandardCharsets.UTF_8), Runnable::run);
             StandaloneSpeaker sb = new StandaloneSpeaker(b, false, new PrintStream(new ByteArrayOutputStream()), Runnable::run);
             StatusServer status = new StatusServer(sa.speaker())) {
            sa.start();
            sb.start();
            status.start("127.0.0.1", http);
            Await.until(Duration.ofSeconds(20), "a learns b's two routes",
                    () -> sa.speaker().rib().query(c -> c.adjRibIn("127.0.0.22").size()).join() == 2);

            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertThat(json.path("locRibRoutes").asInt()).isEqualTo(3);
            JsonNode peer = json.path("peers").get(0);
            assertThat(peer.path("address").asText()).isEqualTo("127.0.0.22");
            assertThat(peer.path("state").asText()).isEqualTo("Established");
            assertThat(peer.path("prefixesReceived").asInt()).isEqualTo(2);

            List<JsonNode> lines = outA.toString(StandardCharsets.UTF_8).lines().map(StandaloneSpeakerTest::json).toList();
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("event").asText()).isEqualTo("state");
                assertThat(l.path("to").asText()).isEqualTo("Established");
            });
            assertThat(lines).filteredOn(l -> l.path("event").asText().equals("route"))
                    .extracting(l -> l.path("prefix").asText())
                    .containsExactlyInAnyOrder("10.244.22.0/26", "10.244.22.64/26");
            assertThat(lines).filteredOn(l -> l.path("event").asText().equals("route"))
                    .allSatisfy(l -> assertThat(l.path("asPath").asText()).isEqualTo("4200000001"));
        }
    }

    /**
     * BGP does not wait for BFD: a peers with b with {@code bfd: {}} while b runs no BFD, so the
     * session comes up and /status shows the BFD session Down with its timers. In a namespace of
     * its own (BFD listens on UDP 3784 of every address).
     */
    @Test
    void bgpComesUpWithoutWaitingForBfdAndStatusShowsTheBfdState() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        int http = freePort();
        SpeakerConfig a = SpeakerConfig.parse("""
                asNumber: 64512
                routerId: 127.0.0.21
                listen: {address: 127.0.0.21, port: 179}
                nextHopIPv4: 192.0.2.21
                peers:
                  - {address: 127.0.0.22, asNumber: 64513, localAddress: 127.0.0.21, connectRetry: 1, bfd: {}}
                """);
        SpeakerConfig b = SpeakerConfig.parse("""
                asNumber: 64513
                routerId: 127.0.0.22
                listen: {address: 127.0.0.22, port: 179}
                nextHopIPv4: 192.0.2.22
                peers:
                  - {address: 127.0.0.21, asNumber: 64512, localAddress: 127.0.0.22, connectRetry: 1}
                originate: [10.244.22.0/26]
                """);
        try (Netns ns = Netns.create("mclibfd-" + Long.toHexString(System.nanoTime() & 0xFFFF));
             StandaloneSpeaker sa = new StandaloneSpeaker(a, false, new PrintStream(new ByteArrayOutputStream()), ns.executor());
             StandaloneSpeaker sb = new StandaloneSpeaker(b, false, new PrintStream(new ByteArrayOutputStream()), ns.executor());
             StatusServer status = new StatusServer(sa.speaker())) {
            sa.start();
            sb.start();
            status.start("127.0.0.1", http);
            Await.until(Duration.ofSeconds(20), "a learns b's route with BFD down",
                    () -> sa.speaker().rib().query(c -> c.adjRibIn("127.0.0.22").size()).join() == 1);
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode peer = new ObjectMapper().readTree(r.body()).path("peers").get(0);
            assertThat(peer.path("state").asText()).isEqualTo("Established");
            assertThat(peer.path("stateSince").asText()).isNotEmpty();
            assertThat(peer.path("bfd").path("state").asText()).isEqualTo("down");
            assertThat(peer.path("bfd").path("packetsOut").asLong()).isPositive();
            assertThat(peer.path("bfd").path("packetsIn").asLong()).as("b runs no BFD").isZero();
        }
    }

    @Test
    void badConfigFileExitsWithStatus2NamingTheField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(file, "asNumber: 64512\nrouterId: 10.77.0.2\npeers:\n  - {address: 10.77.0.1, asNumber: 0}\n");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", cp,
                Main.class.getName(), "--config", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("peers[0].asNumber: 0 is outside 1..4294967295");
    }

    static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object per line: " + line, e);
        }
    }
}
