package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.speaker.NotificationCode;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /status}: the speaker's {@link SpeakerStatus} as JSON, served by vert.x. */
final class StatusServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final Speaker speaker;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    StatusServer(Speaker speaker) {
        this.speaker = speaker;
    }

    int start(String host, int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/status")) {
                req.response().putHeader("content-type", "application/json").end(status().toPrettyString());
            } else {
                req.response().setStatusCode(404).end("not found: try /status\n");
            }
        }).listen(port, host).toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    ObjectNode status() {
        SpeakerStatus s = speaker.status();
        Instant now = Instant.now();
        ObjectNode root = json.createObjectNode();
        root.put("asNumber", s.asNumber());
        root.put("routerId", s.routerId().toString());
        ArrayNode peers = root.putArray("peers");
        for (PeerStatus p : s.peers()) {
            ObjectNode n = peers.addObject();
            n.put("address", p.address().toString());
            n.put("description", p.description());
            n.put("asNumber", p.asNumber());
            n.put("state", p.state().displayName());
            n.put("prefixesReceived", p.prefixesReceived());
            n.put("prefixesAccepted", p.prefixesAccepted());
            n.put("prefixesAdvertised", p.prefixesAdvertised());
            n.put("gracefulRestart", p.gracefulRestart().label());
            n.put("messagesReceived", p.messagesReceived());
            n.put("messagesSent", p.messagesSent());
            n.put("updatesReceived", p.updatesReceived());
            n.put("updatesSent", p.updatesSent());
            counts(n.putObject("notificationsSent"), p.notificationsSent());
            counts(n.putObject("notificationsReceived"), p.notificationsReceived());
            if (p.establishedSince() != null) {
                n.put("establishedSince", p.establishedSince().toString());
                n.put("uptimeSeconds", p.uptime(now).toSeconds());
                n.put("holdTime", p.holdTime());
                var fam = n.putArray("families");
                p.families().forEach(f -> fam.add(f.toString()));
            }
            n.put("lastDownReason", p.lastDownReason());
            if (p.stateSince() != null) {
                n.put("stateSince", p.stateSince().toString());
            }
            if (p.bfd() != null) {
                bfd(n.putObject("bfd"), p.bfd());
            }
        }
        root.put("locRibRoutes", s.locRibRoutes());
        root.put("selectionDeferred", s.selectionDeferred());
        return root;
    }

    /** The peer's BFD session: state, since, diagnostics, negotiated timers and counters. */
    private static void bfd(ObjectNode n, BfdStatus b) {
        n.put("state", b.state().label());
        n.put("since", b.since().toString());
        n.put("localDiagnostic", b.localDiag().label());
        n.put("remoteState", b.remoteState().label());
        n.put("remoteDiagnostic", b.remoteDiag().label());
        n.put("txIntervalMs", b.txIntervalMs());
        n.put("detectTimeMs", b.detectTimeMs());
        n.put("packetsIn", b.packetsIn());
        n.put("packetsOut", b.packetsOut());
        n.put("stateChanges", b.stateChanges());
    }

    /** {"6/2": 1, ...}, ordered by code. */
    private static void counts(ObjectNode into, Map<NotificationCode, Long> byCode) {
        new TreeMap<>(byCode).forEach((code, count) -> into.put(code.toString(), count));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
