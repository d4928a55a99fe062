package io.muslin.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.BlockStatus;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.Heartbeat;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.bfd.Diagnostic;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.agent.status.PolicySummary;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.RouteEntry;
import io.muslin.routing.RouteKind;
import io.muslin.agent.status.RouteSummary;
import io.muslin.agent.status.StatusSources;
import io.muslin.exabgp.ExabgpEvent;
import io.muslin.exabgp.LinkStateObject;
import io.muslin.exabgp.LinkStateTopology;
import io.muslin.net.IpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API on a loopback port, fed by hand-made status, scraped the way Prometheus and kubelet do. */
class AgentHttpServerTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private final MutableClock clock = new MutableClock();
    private final AtomicReference<DatastoreStatus> datastore = new AtomicReference<>(
            new DatastoreStatus("etcd [http://127.0.0.1:2379]", true, NOW.minusSeconds(60), 1234, 2, 1, null));
    private final List<PeeringStatus> peers = new ArrayList<>(List.of(
            PeeringStatus.of("Mesh_10_0_0_2", "10.0.0.2", 179, 64512, "mesh", "node-to-node mesh with b", "Established",
                    NOW.minusSeconds(300), null, 3, 3, 1, 7, 4),
            PeeringStatus.of("Global_10_1_0_1", "10.1.0.1", 179, 65100, "global", "global peering with 10.1.0.1 (BGPPeer tor)",
                    "Established", NOW.minusSeconds(30), "hold-timer-expired", 100, 90, 1, 12, 2)));
    private final AtomicReference<RouteSummary> routes = new AtomicReference<>(new RouteSummary(
            Map.of(RouteKind.DIRECT, 1, RouteKind.VXLAN, 2, RouteKind.BLACKHOLE, 1), 1, true, NOW.minusSeconds(5), null, Map.of()));
    private final RecentErrors errors = new RecentErrors(3, clock);
    private AgentHttpServer server;
    private AgentMetrics metrics;
    private Heartbeat loop;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        StatusSources sources = StatusSources.withoutDataplane(true, "nft", datastore::get)
                .withPeers(() -> List.copyOf(peers))
                .withRoutes(routes::get, () -> List.of(
                        new RouteEntry("192.168.11.0/26", "10.0.0.2", RouteKind.DIRECT, "eth0", true, null),
                        new RouteEntry("192.168.12.0/26", "10.0.1.3", RouteKind.VXLAN, "vxlan.muslin", false, "next hop unreachable")))
                .withBlocks(() -> List.of(new BlockStatus("192.168.10.0/26", "default-ipv4", 64, 5),
                        new BlockStatus("192.168.10.64/26", "default-ipv4", 64, 1), new BlockStatus("fd00:10::/122", "default-ipv6", 64, 2)))
                .withPolicy(() -> new PolicySummary(true, "nft", 3, 42, 5, NOW.minusSeconds(10), null));
        AgentStatusService service = new AgentStatusService("node-a", "0.1.0-test", clock, sources, errors);
        loop = new Heartbeat("route resync", Duration.ofSeconds(30), clock);
        service.watch(loop);
        metrics = new AgentMetrics("node-a", "0.1.0-test", clock);
        server = new AgentHttpServer(service, metrics);
        port = server.start(IpAddress.parse("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzIsOkWhileEveryWatchedLoopBeats() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        clock.advance(Duration.ofSeconds(31));
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("not live: route resync has been silent for 31 s (limit 30 s)\n");
        loop.beat();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void readyzIsReadyOnlyWithTheDatastoreEverySessionAndTheFirstRouteApply() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").body()).isEqualTo("ready\n");

        peers.set(1, PeeringStatus.of("Global_10_1_0_1", "10.1.0.1", 179, 65100, "global", "tor", "Active", NOW, "hold-timer-expired",
                0, 0, 0, 12, 2));
        HttpResponse<String> r = get("/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("not ready: BGP session with 10.1.0.1 (global) is Active (hold-timer-expired)\n");

        datastore.set(new DatastoreStatus("etcd [http://127.0.0.1:2379]", false, NOW, 1234, 0, 1, "connection refused"));
        assertThat(get("/readyz").body()).isEqualTo("not ready: datastore etcd [http://127.0.0.1:2379] is not reachable: connection refused\n");

        datastore.set(new DatastoreStatus("etcd", true, NOW, 1, 0, 1, null));
        peers.remove(1);
        routes.set(new RouteSummary(Map.of(), 0, false, null, null, Map.of()));
        assertThat(get("/readyz").body()).isEqualTo("not ready: routes: the first complete apply is not done\n");
    }

    @Test
    void statusCarriesEveryPartField() throws Exception {
        errors.add("bgp", "peer 10.1.0.1: hold timer expired");
        HttpResponse<String> r = get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonNode s = StatusJson.mapper().readTree(r.body());
        assertThat(s.get("node").asText()).isEqualTo("node-a");
        assertThat(s.get("version").asText()).isEqualTo("0.1.0-test");
        assertThat(s.get("startedAt").asText()).isEqualTo("2030-01-01T12:00:00Z");
        assertThat(s.at("/readiness/ok").asBoolean()).isTrue();
        assertThat(s.at("/datastore/connected").asBoolean()).isTrue();
        assertThat(s.at("/datastore/revision").asLong()).isEqualTo(1234);
        assertThat(s.at("/datastore/watchLagRevisions").asLong()).isEqualTo(2);
        JsonNode p = s.at("/peers/1");
        assertThat(p.get("address").asText()).isEqualTo("10.1.0.1");
        assertThat(p.get("type").asText()).isEqualTo("global");
        assertThat(p.get("state").asText()).isEqualTo("Established");
        assertThat(p.get("since").asText()).isEqualTo("2030-01-01T11:59:30Z");
        assertThat(p.get("downReason").asText()).isEqualTo("hold-timer-expired");
        assertThat(p.get("prefixesReceived").asLong()).isEqualTo(100);
        assertThat(p.get("prefixesAccepted").asLong()).isEqualTo(90);
        assertThat(p.get("prefixesAdvertised").asLong()).isEqualTo(1);
        assertThat(s.at("/routes/programmed/vxlan").asInt()).isEqualTo(2);
        assertThat(s.at("/routes/programmed/direct").asInt()).isEqualTo(1);
        assertThat(s.at("/routes/notInstalled").asInt()).isEqualTo(1);
        assertThat(s.at("/blocks/0/cidr").asText()).isEqualTo("192.168.10.0/26");
        assertThat(s.at("/blocks/0/addressesInUse").asInt()).isEqualTo(5);
        assertThat(s.at("/policy/backend").asText()).isEqualTo("nft");
        assertThat(s.at("/policy/rules").asInt()).isEqualTo(42);
        assertThat(s.at("/lastErrors/0/component").asText()).isEqualTo("bgp");
        assertThat(s.at("/lastErrors/0/message").asText()).isEqualTo("peer 10.1.0.1: hold timer expired");
        // The mapping reads back into the same records (what the command line does).
        var back = StatusJson.mapper().readValue(r.body(), io.muslin.agent.status.AgentStatus.class);
        assertThat(back.peers()).isEqualTo(peers);
        assertThat(back.routes()).isEqualTo(routes.get());
    }

    @Test
    void routesListsEveryRouteWithItsReason() throws Exception {
        JsonNode r = StatusJson.mapper().readTree(get("/routes").body());
        assertThat(r).hasSize(2);
        assertThat(r.at("/0/kind").asText()).isEqualTo("direct");
        assertThat(r.at("/1/installed").asBoolean()).isFalse();
        assertThat(r.at("/1/reason").asText()).isEqualTo("next hop unreachable");
    }

    @Test
    void metricsAreInPrometheusTextWithTheDocumentedNames() throws Exception {
        metrics.notification(true, "10.1.0.1", 4, 0);
        metrics.notification(false, "10.1.0.1", 6, 2);
        metrics.reconciled(Duration.ofMillis(12), false);
        metrics.reconciled(Duration.ofMillis(40), true);
        metrics.policyApplied(Duration.ofMillis(7));
        clock.advance(Duration.ofSeconds(10));
        loop.beat();
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(AgentHttpServer.PROMETHEUS_TEXT);
        String m = r.body();
        assertThat(m).contains("muslin_bgp_session_state{peer=\"10.1.0.1\",type=\"global\"} 6.0")
                .contains("muslin_bgp_session_uptime_seconds{peer=\"10.1.0.1\",type=\"global\"} 40.0")
                .contains("muslin_bgp_session_uptime_seconds{peer=\"10.0.0.2\",type=\"mesh\"} 310.0")
                .contains("muslin_bgp_prefixes_received{peer=\"10.1.0.1\",type=\"global\"} 100.0")
                .contains("muslin_bgp_prefixes_accepted{peer=\"10.1.0.1\",type=\"global\"} 90.0")
                .contains("muslin_bgp_prefixes_advertised{peer=\"10.1.0.1\",type=\"global\"} 1.0")
                .contains("muslin_bgp_updates_received_total{peer=\"10.1.0.1\",type=\"global\"} 12.0")
                .contains("muslin_bgp_updates_sent_total{peer=\"10.1.0.1\",type=\"global\"} 2.0")
                .contains("muslin_bgp_notifications_sent_total{code=\"4\",peer=\"10.1.0.1\",subcode=\"0\"} 1.0")
                .contains("muslin_bgp_notifications_received_total{code=\"6\",peer=\"10.1.0.1\",subcode=\"2\"} 1.0")
                .contains("muslin_routes_programmed{kind=\"vxlan\"} 2.0")
                .contains("muslin_routes_programmed{kind=\"ipip\"} 0.0")
                .contains("muslin_routes_programmed{kind=\"blackhole\"} 1.0")
                .contains("muslin_routes_not_installed 1.0")
                .contains("muslin_route_reconcile_duration_seconds_count 2")
                .contains("muslin_route_reconcile_duration_seconds_bucket{le=")
                .contains("muslin_route_reconcile_errors_total 1.0")
                .contains("muslin_ipam_blocks{pool=\"default-ipv4\"} 2.0")
                .contains("muslin_ipam_addresses_in_use{pool=\"default-ipv4\"} 6.0")
                .contains("muslin_ipam_addresses_in_use{pool=\"default-ipv6\"} 2.0")
                .contains("muslin_policy_apply_duration_seconds_count 1")
                .contains("muslin_policy_rules 42.0")
                .contains("muslin_policy_ipsets 5.0")
                .contains("muslin_datastore_up 1.0")
                .contains("muslin_datastore_watch_lag_revisions 2.0")
                .contains("muslin_datastore_reconnects_total 1.0")
                .contains("muslin_agent_ready 1.0");
        assertThat(m).containsPattern("muslin_agent_build\\{node=\"node-a\",version=\"0.1.0-test\"} 1.0");
    }

    @Test
    void bfdMetricsAppearWhenBfdIsOnForAPeer() throws Exception {
        assertThat(get("/metrics").body()).doesNotContain("muslin_bfd_");
        peers.set(1, new PeeringStatus("Global_10_1_0_1", "global", "tor", 179, PeeringStatus.session("10.1.0.1",
                "Global_10_1_0_1", 65100, SessionState.ESTABLISHED, NOW, null, 90, 0, 0, 0, 0, 0,
                PeerStatus.GracefulRestartState.ENABLED, new BfdStatus(BfdState.UP, NOW, Diagnostic.NONE, BfdState.UP,
                        Diagnostic.NONE, 5, 6, 300, 900, false, 210, 220, 2))));
        assertThat(get("/metrics").body())
                .contains("muslin_bfd_session_state{peer=\"10.1.0.1\",type=\"global\"} 3.0")
                .contains("muslin_bfd_packets_received_total{peer=\"10.1.0.1\",type=\"global\"} 210.0")
                .contains("muslin_bfd_packets_sent_total{peer=\"10.1.0.1\",type=\"global\"} 220.0")
                .contains("muslin_bfd_state_changes_total{peer=\"10.1.0.1\",type=\"global\"} 2.0")
                .doesNotContain("muslin_bfd_session_state{peer=\"10.0.0.2\"");
        JsonNode p = StatusJson.mapper().readTree(get("/status").body()).at("/peers/1/bfd");
        assertThat(p.path("state").asText()).isEqualTo("up");
        assertThat(p.path("detectTimeMs").asLong()).isEqualTo(900);
    }

    @Test
    void aSessionThatGoesAwayLeavesTheMetrics() throws Exception {
        assertThat(get("/metrics").body()).contains("peer=\"10.0.0.2\"");
        peers.removeFirst();
        String m = get("/metrics").body();
        assertThat(m).doesNotContain("peer=\"10.0.0.2\"").contains("peer=\"10.1.0.1\"");
    }

    @Test
    void topologyIsEmptyWithoutBgpLsAndListsNodesAndLinksWithIt() throws Exception {
        JsonNode empty = StatusJson.mapper().readTree(get("/topology").body());
        assertThat(empty.path("nodes").isArray() && empty.path("nodes").isEmpty()).isTrue();
        assertThat(empty.path("links").isArray() && empty.path("links").isEmpty()).isTrue();

        LinkStateObject.NodeDescriptor a = new LinkStateObject.NodeDescriptor(65001, "0", "0.0.0.0", "10.1.1.1");
        LinkStateObject.NodeDescriptor b = new LinkStateObject.NodeDescriptor(65001, "0", "0.0.0.0", "10.1.4.1");
        LinkStateTopology t = new LinkStateTopology();
        t.apply(new ExabgpEvent.LinkStateUpdate(IpAddress.parse("10.0.0.254"), List.of(new LinkStateObject.Node(3, a, "spine-1"),
                new LinkStateObject.Link(3, a, b, List.of("10.1.1.1"), List.of("10.1.1.2"), 1L)), List.of()));
        server.topology(t::snapshot);
        JsonNode j = StatusJson.mapper().readTree(get("/topology").body());
        assertThat(j.at("/nodes/0/id").asText()).isEqualTo("as65001/area0.0.0.0/10.1.1.1");
        assertThat(j.at("/nodes/0/name").asText()).isEqualTo("spine-1");
        assertThat(j.at("/nodes/1/id").asText()).isEqualTo("as65001/area0.0.0.0/10.1.4.1");
        assertThat(j.at("/links/0/remote").asText()).isEqualTo("as65001/area0.0.0.0/10.1.4.1");
        assertThat(j.at("/links/0/igpMetric").asLong()).isEqualTo(1);
        assertThat(j.at("/links/0/learnedFrom/0").asText()).isEqualTo("10.0.0.254");
    }

    @Test
    void unknownPathsAndMethodsAreRefusedPlainly() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("/healthz /readyz /status /routes /topology /metrics");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = NOW;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
