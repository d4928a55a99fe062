package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.transport.BgpPeer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

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
                req.response().putHeader("content-type", "application/json").end(status().toPrettyString());
            } else {
                req.response().setStatusCode(404).end("not found: try /status\n");
            }
        }).listen(port, host).toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    ObjectNode status() {
        Rib.RibStats stats = speaker.rib().stats();
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
            Rib.PeerStats c = stats.peers().getOrDefault(p.name(), new Rib.PeerStats(0, 0, 0, false));
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
        root.put("locRibRoutes", stats.locRibRoutes());
        root.put("selectionDeferred", stats.selectionDeferred());
        return root;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
