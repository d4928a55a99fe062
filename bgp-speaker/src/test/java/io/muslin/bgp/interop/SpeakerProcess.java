package io.muslin.bgp.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A speaker in a JVM of its own, for tests that kill it like a crash: listens on port 179,
 * graceful restart on, and answers {@code GET /status} on 127.0.0.1 with its
 * {@link SpeakerStatus} as JSON ({@code selectionDeferred}, each peer's {@code address},
 * {@code state} and {@code prefixesAccepted}). Runs until killed.
 *
 * <pre>SpeakerProcess AS ROUTER-ID HTTP-PORT RESTARTING DEFERRAL-SECONDS ORIGINATE,... PEER...</pre>
 * where a PEER is {@code address/as/family} or {@code address/as/family/passive}.
 */
public final class SpeakerProcess {
    private SpeakerProcess() {
    }

    public static void main(String[] args) throws Exception {
        long as = Long.parseLong(args[0]);
        IpAddress routerId = IpAddress.parse(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        boolean restarting = Boolean.parseBoolean(args[3]);
        Duration deferral = Duration.ofSeconds(Long.parseLong(args[4]));
        List<OriginatedRoute> originate = Arrays.stream(args[5].split(",")).filter(s -> !s.isBlank())
                .map(s -> OriginatedRoute.of(IpPrefix.parse(s))).toList();
        List<PeerSpec> peers = new ArrayList<>();
        for (String p : Arrays.asList(args).subList(6, args.length)) {
            String[] f = p.split("/");
            SessionSpec s = SessionSpec.of(Long.parseLong(f[1])).withHoldTime(9).withConnectRetry(Duration.ofSeconds(1))
                    .withFamilies(List.of(SessionSpec.parseFamily(f[2], "family"))).withPassive(f.length > 3);
            peers.add(new PeerSpec(IpAddress.parse(f[0]), "", s, PeerPolicy.DEFAULT));
        }
        SpeakerSettings settings = SpeakerSettings.of(as, routerId).withListen(IpAddress.parse("::"), 179)
                .withGracefulRestart(new SpeakerSettings.GracefulRestart(restarting, restarting, deferral));
        // Wall-clock time before the speaker (and its selection deferral timer) exists, for tests
        // that time the deferral from here instead of from the JVM's launch.
        System.out.println("speaker-constructing-at-epoch-ms " + System.currentTimeMillis());
        System.out.flush();
        Speaker speaker = new Speaker(new DesiredState(settings, RoutingSettings.DEFAULT, peers, originate));
        speaker.start();
        ObjectMapper json = new ObjectMapper();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/status", exchange -> {
            SpeakerStatus s = speaker.status();
            ObjectNode root = json.createObjectNode();
            root.put("selectionDeferred", s.selectionDeferred());
            root.put("locRibRoutes", s.locRibRoutes());
            var list = root.putArray("peers");
            for (PeerStatus p : s.peers()) {
                list.addObject().put("address", p.address().toString()).put("state", p.state().displayName())
                        .put("prefixesAccepted", p.prefixesAccepted());
            }
            byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        Thread.currentThread().join();
    }
}
