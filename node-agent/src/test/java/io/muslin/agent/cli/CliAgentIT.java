package io.muslin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.agent.http.AgentHttpServer;
import io.muslin.agent.http.StatusJson;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.bfd.Diagnostic;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.RouteEntry;
import io.muslin.routing.RouteKind;
import io.muslin.agent.status.RouteSummary;
import io.muslin.agent.status.StatusSources;
import io.muslin.net.IpAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code bin/muslin} against the agent's HTTP API, served here with known content. */
class CliAgentIT {
    private static final Instant SINCE = Instant.parse("2030-01-01T08:00:00Z");
    private static final List<PeeringStatus> PEERS = List.of(
            PeeringStatus.of("Mesh_10_0_0_2", "10.0.0.2", 179, 64512, "mesh", "node-to-node mesh with b", "Established", SINCE, null,
                    3, 3, 1, 7, 4),
            new PeeringStatus("Global_10_1_0_1_port_1790", "global", "global peering with 10.1.0.1 (BGPPeer tor)", 1790,
                    PeeringStatus.session("10.1.0.1", "Global_10_1_0_1_port_1790", 65100, SessionState.ACTIVE, SINCE,
                            "hold-timer-expired", 0, 0, 0, 0, 12, 2, PeerStatus.GracefulRestartState.ENABLED,
                            new BfdStatus(BfdState.DOWN, SINCE, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, BfdState.DOWN,
                                    Diagnostic.NONE, 7, 0, 1000, 0, false, 40, 90, 3))),
            PeeringStatus.of("Node_fd00__2", "fd00::2", 179, 64512, "node", "node-specific peering with node b (BGPPeer v6)",
                    "Established", SINCE, null, 1, 1, 1, 1, 1));
    private static final List<RouteEntry> ROUTES = List.of(
            new RouteEntry("192.168.11.0/26", "10.0.0.2", RouteKind.DIRECT, "eth0", true, null),
            new RouteEntry("192.168.12.0/26", "10.0.1.3", RouteKind.VXLAN, "vxlan.muslin", false, "next hop unreachable"),
            new RouteEntry("192.168.10.0/26", null, RouteKind.BLACKHOLE, null, true, null));
    private static AgentHttpServer server;
    private static String agent;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        MuslinProcess.requireBuilt();
        Clock clock = Clock.systemUTC();
        DatastoreStatus ds = new DatastoreStatus("etcd [http://127.0.0.1:2379]", true, SINCE, 77, 0, 0, null);
        StatusSources sources = StatusSources.withoutDataplane(true, "nft", () -> ds).withPeers(() -> PEERS)
                .withRoutes(() -> new RouteSummary(Map.of(RouteKind.DIRECT, 1, RouteKind.BLACKHOLE, 1), 1, true, SINCE, null, Map.of()),
                        () -> ROUTES);
        server = new AgentHttpServer(new AgentStatusService("node-a", "9.9.9", clock, sources, new RecentErrors(5, clock)),
                new AgentMetrics("node-a", "9.9.9", clock));
        port = server.start(IpAddress.parse("127.0.0.1"), 0);
        agent = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statusPrintsThePeerTableLikeCalicoctl() throws Exception {
        MuslinProcess.Result r = MuslinProcess.run("status", "--agent", agent);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        assertThat(r.out()).startsWith("Muslin agent 9.9.9 on node node-a, up ")
                .contains(": not ready: BGP session with 10.1.0.1 (global) is Active (hold-timer-expired)\n")
                .contains("Datastore: etcd [http://127.0.0.1:2379] (connected, revision 77)")
                .contains("IPv4 BGP status\n")
                .contains("| PEER ADDRESS       | PEER TYPE         | STATE | SINCE      | BFD  | INFO                        |")
                .contains("| 10.0.0.2           | node-to-node mesh | up    | 2030-01-01 | -    | Established                 |")
                // "since" for every state: a down session shows since when it is down.
                .contains("| 10.1.0.1 port 1790 | global            | down  | 2030-01-01 | down | Active (hold-timer-expired) |")
                .contains("IPv6 BGP status\n")
                .contains("| fd00::2      | node specific | up    | 2030-01-01 | -   | Established |");
    }

    @Test
    void statusAsJsonAndYamlCarriesTheWholeDocument() throws Exception {
        MuslinProcess.Result r = MuslinProcess.run("status", "--agent", agent, "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode s = StatusJson.mapper().readTree(r.out());
        assertThat(s.get("node").asText()).isEqualTo("node-a");
        assertThat(s.at("/readiness/ok").asBoolean()).isFalse();
        assertThat(s.at("/peers/1/downReason").asText()).isEqualTo("hold-timer-expired");
        assertThat(s.at("/peers/1/port").asInt()).isEqualTo(1790);
        assertThat(s.at("/peers/0/since").asText()).isEqualTo("2030-01-01T08:00:00Z");
        assertThat(s.at("/peers/1/since").asText()).as("since for a down session too").isEqualTo("2030-01-01T08:00:00Z");
        assertThat(s.at("/peers/1/bfd/state").asText()).isEqualTo("down");
        assertThat(s.at("/peers/1/bfd/diagnostic").asText()).isEqualTo("control-detection-time-expired");
        assertThat(s.at("/peers/1/bfd/packetsOut").asLong()).isEqualTo(90);
        assertThat(s.at("/peers/0/bfd").isMissingNode()).as("no bfd object without BFD").isTrue();
        MuslinProcess.Result y = MuslinProcess.run("status", "--agent", agent, "--output", "yaml");
        assertThat(y.exit()).as(y.toString()).isZero();
        assertThat(y.out()).contains("node: node-a").contains("- name: Mesh_10_0_0_2").contains("downReason: hold-timer-expired");
    }

    @Test
    void routesPrintsEachRouteAndWhyItIsNotInstalled() throws Exception {
        MuslinProcess.Result r = MuslinProcess.run("routes", "--agent", agent);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("| PREFIX          | NEXT HOP | KIND      | DEVICE       | INSTALLED                |")
                .contains("| 192.168.11.0/26 | 10.0.0.2 | direct    | eth0         | yes                      |")
                .contains("| 192.168.12.0/26 | 10.0.1.3 | vxlan     | vxlan.muslin | no: next hop unreachable |")
                .contains("| 192.168.10.0/26 | -        | blackhole | -            | yes                      |");
        MuslinProcess.Result j = MuslinProcess.run("routes", "--agent", agent, "-o", "json");
        JsonNode a = StatusJson.mapper().readTree(j.out());
        assertThat(a).hasSize(3);
        assertThat(a.at("/1/reason").asText()).isEqualTo("next hop unreachable");
    }

    @Test
    void theAgentAddressComesFromTheConfigurationFile(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("muslin.yaml"),
                "nodeName: node-a\ndatastore:\n  etcd:\n    endpoints: [http://127.0.0.1:2379]\nhttp:\n  port: " + port + "\n");
        MuslinProcess.Result r = MuslinProcess.run("status", "--config", cfg.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("on node node-a");
        MuslinProcess.Result env = MuslinProcess.run(Map.of("MUSLIN_CONFIG", cfg.toString()), "routes");
        assertThat(env.exit()).as(env.toString()).isZero();
        MuslinProcess.Result override = MuslinProcess.run(Map.of("MUSLIN_ETCD_ENDPOINTS", "http://127.0.0.1:2379",
                "MUSLIN_HTTP_PORT", Integer.toString(port)), "status");
        assertThat(override.exit()).as(override.toString()).isZero();
    }

    @Test
    void anUnreachableAgentIsOneLineAndExitOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        for (String cmd : List.of("status", "routes")) {
            MuslinProcess.Result r = MuslinProcess.run(cmd, "--agent", "http://127.0.0.1:" + closed);
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("muslin: cannot reach the agent at http://127.0.0.1:" + closed + "/" + cmd
                    + ": connection refused (is muslin agent running?)\n");
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"agent", "--help"}, new String[] {"status", "--help"},
                new String[] {"routes", "--help"}, new String[] {"ipam", "--help"}, new String[] {"ipam", "show", "--help"},
                new String[] {"ipam", "check", "--help"}, new String[] {"ipam", "release", "--help"}, new String[] {"pools", "--help"},
                new String[] {"pools", "create", "--help"}, new String[] {"pools", "delete", "--help"},
                new String[] {"pools", "disable", "--help"}, new String[] {"peers", "create", "--help"},
                new String[] {"node", "cleanup", "--help"}, new String[] {"version", "--help"})) {
            MuslinProcess.Result r = MuslinProcess.run(cmd);
            assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r).isZero();
            assertThat(r.out()).startsWith("Usage: muslin");
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void aBadCommandLineExitsTwo() throws Exception {
        MuslinProcess.Result r = MuslinProcess.run("status", "--output", "xml", "--agent", agent);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--output'");
        MuslinProcess.Result unknown = MuslinProcess.run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void theAotCacheIsMadeOnFirstUseAndUsedQuietly(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("muslin.aot");
        Map<String, String> env = Map.of("MUSLIN_AOT", "1", "MUSLIN_AOT_CACHE", cache.toString());
        MuslinProcess.Result first = MuslinProcess.run(env, "status", "--agent", agent);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).as(first.toString()).isEmpty();
        assertThat(cache).as("bin/muslin trained the cache").isNotEmptyFile();
        MuslinProcess.Result second = MuslinProcess.run(env, "status", "--agent", agent);
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.err()).as(second.toString()).isEmpty();
        assertThat(second.out()).contains("on node node-a").contains("| 10.0.0.2           | node-to-node mesh |");
    }

    @Test
    void versionPrintsTheBuildsVersionWithoutAnyJvmWarning() throws Exception {
        MuslinProcess.Result r = MuslinProcess.run("version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("muslin 0.1.0-SNAPSHOT (Java 25");
        assertThat(r.err()).isEmpty();
    }
}
