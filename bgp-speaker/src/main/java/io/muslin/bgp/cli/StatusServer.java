package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.bgp.rib.RibPeer;
import io.muslin.bgp.transport.BgpPeer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code GET /status}: the speaker, its peers and its RIB as JSON, served by vert.x. */
final class StatusServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final StandaloneSpeaker speaker;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    StatusServer(StandaloneSpeaker speaker) {
        this.speaker = speaker;
    }

    int start(String host, int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/status")) {
                vertx.<String>executeBlocking(() -> status().toPrettyString()).onComplete(r -> {
                    if (r.succeeded()) {
                        req.response().putHeader("content-type", "application/json").end(r.result());
                    } else {
                        req.response().setStatusCode(500).end(String.valueOf(r.cause()));
                    }
                });
            } else {
                req.response().setStatusCode(404).end("not found: try /status\n");
            }
        }).listen(port, host).toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    /** What the RIB counts per peer, read on the RIB's thread. */
    private record RibCounts(int received, int accepted, int advertised, boolean restarting) {
    }

    ObjectNode status() throws Exception {
        Map<String, RibCounts> counts = new HashMap<>();
        int[] loc = new int[1];
        boolean[] deferring = new boolean[1];
        speaker.rib().query(core -> {
            for (RibPeer p : core.peers()) {
                counts.put(p.name(), new RibCounts(p.receivedPrefixes(), p.accepted(), p.advertised(), p.isRestarting()));
            }
            loc[0] = core.locRibSize();
            deferring[0] = core.isDeferring();
            return null;
        }).get(10, TimeUnit.SECONDS);
        ObjectNode root = json.createObjectNode();
        root.put("asNumber", speaker.config().asNumber());
        root.put("routerId", speaker.config().routerId().getHostAddress());
        ArrayNode peers = root.putArray("peers");
        long now = System.currentTimeMillis();
        for (BgpPeer p : speaker.speaker().peers()) {
            ObjectNode n = peers.addObject();
            n.put("address", p.name());
            n.put("asNumber", p.config().session().peerAs());
            n.put("state", p.state().displayName());
            RibCounts c = counts.getOrDefault(p.name(), new RibCounts(0, 0, 0, false));
            n.put("prefixesReceived", c.received());
            n.put("prefixesAccepted", c.accepted());
            n.put("prefixesAdvertised", c.advertised());
            n.put("gracefulRestart", c.restarting() ? "peer-restarting (routes kept as stale)"
                    : p.config().session().gracefulRestartTime() > 0 ? "enabled" : "disabled");
            n.put("messagesReceived", p.messagesReceived());
            n.put("messagesSent", p.messagesSent());
            var neg = p.negotiated();
            if (neg != null) {
                n.put("uptimeSeconds", (now - p.establishedAtMillis()) / 1000);
                n.put("holdTime", neg.holdTime());
                var fam = n.putArray("families");
                neg.families().forEach(f -> fam.add(f.toString()));
            }
            n.put("lastDownReason", p.lastDownReason());
        }
        root.put("locRibRoutes", loc[0]);
        root.put("selectionDeferred", deferring[0]);
        return root;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
