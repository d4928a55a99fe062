package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.exabgp.RawBgpSource;
import io.muslin.ipam.Ipam;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent ({@code bin/muslin agent}, a real process in a node namespace) whose two BGPPeers say
 * {@code speaker: exabgp}: a real BIRD (routes both ways, through the ExaBGP the agent starts) and
 * a BGP-LS source (a raw BGP peer replaying recorded BGP-LS UPDATEs of real routers). BIRD learns
 * our block and the kernel gets BIRD's; {@code /status} shows the session Established and the
 * bridge running; {@code /metrics} counts it; {@code /topology} and {@code muslin topology} show
 * the nodes and the link.
 */
class AgentWithExabgpIT {
    static final Path BIN = AgentWithBirdIT.BIN;
    static final String NODE_IP = "10.87.0.2", BIRD_IP = "10.87.0.1";
    static final String FABRIC_NODE_SIDE = "10.86.0.2", FABRIC_IP = "10.86.0.1";
    static final String BIRD_BLOCK = "10.244.201.0/26";
    static final int ETCD_PORT_IN_NS = 2379, HTTP_PORT = 9099;

    @TempDir
    Path dir;
    EtcdProcess etcd;
    EtcdDatastore client;
    Netns node;
    Netns peer;
    Netns fabric;
    NamespaceForwarder forwarder;
    Process bird;
    Process agent;
    RawBgpSource lsSource;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        Prerequisites.require(EtcdProcess.missingReason());
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/bird")) ? null : "BIRD 2 (/usr/sbin/bird) is not installed");
        Prerequisites.require(Prerequisites.executableReason("exabgp", "/usr/sbin/exabgp"));
        Prerequisites.require(Files.isRegularFile(Path.of("target", "muslin-node-agent.jar"))
                ? null : "target/muslin-node-agent.jar is missing: run through mvn verify");
        etcd = EtcdProcess.start(true);
        client = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()));
        String tag = Long.toHexString(System.nanoTime() & 0xFFFFF);
        node = Netns.create("mxa-" + tag + "-n");
        peer = Netns.create("mxa-" + tag + "-p");
        fabric = Netns.create("mxa-" + tag + "-f");
        Netns.link(node, "eth0", List.of(NODE_IP + "/24"), peer, "eth0", List.of(BIRD_IP + "/24"));
        Netns.link(node, "eth1", List.of(FABRIC_NODE_SIDE + "/24"), fabric, "eth0", List.of(FABRIC_IP + "/24"));
        // ExaBGP speaks from the node's address (sourceAddress UseNodeIP): the fabric answers through the node.
        fabric.exec("ip", "route", "add", "default", "via", FABRIC_NODE_SIDE);
        forwarder = new NamespaceForwarder(node, ETCD_PORT_IN_NS, etcd.clientPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lsSource != null) {
            lsSource.close();
        }
        for (Process p : new Process[] {agent, bird}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String f : new String[] {"agent.log", "bird.log"}) {
            Path log = dir.resolve(f);
            if (Files.exists(log)) {
                System.out.println("---- " + f + "\n" + Files.readString(log));
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {forwarder, node, peer, fabric, client, etcd}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void peersOnExabgpRouteBothWaysAndBgpLsShowsInTopology() throws Exception {
        ResourceStore resources = new ResourceStore(client);
        resources.create(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        resources.create(new BGPPeer(ObjectMeta.named("tor"), new BGPPeer.Spec(null, BIRD_IP, 64512L, null, null, null, null,
                null, null, null, null, null, null, "exabgp")));
        resources.create(new BGPPeer(ObjectMeta.named("fabric"), new BGPPeer.Spec(null, FABRIC_IP, 64512L, null, null, null,
                null, null, null, null, null, null, null, "exabgp")));
        startBird();
        lsSource = new RawBgpSource(fabric.executor(), FABRIC_IP);
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try {
                lsSource.serve(64512, FABRIC_IP, RawBgpSource.recorded("/bgp-ls-updates.hex"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        agent = startAgent();
        Ipam ipam = new Ipam(client);
        Await.until(Duration.ofSeconds(60), "a block claimed for node-a", () -> !ipam.advertisableBlocks("node-a").isEmpty());
        String ours = ipam.advertisableBlocks("node-a").getFirst().toString();
        Await.until(Duration.ofSeconds(60), "BIRD learns " + ours + " through ExaBGP", () -> birdc("show route protocol muslin")
                .contains(ours));
        Await.until(Duration.ofSeconds(30), "the kernel has BIRD's block", () -> node.exec("ip", "route", "show", BIRD_BLOCK)
                .contains("via " + BIRD_IP));
        assertThat(node.exec("ip", "route", "show", BIRD_BLOCK)).contains("proto 77");
        assertThat(node.exec("ps", "-eo", "args")).contains("/usr/sbin/exabgp");
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("ExaBGP bridge started for 2 peer(s)")
                .doesNotContain("BGP session with " + BIRD_IP);

        JsonNode status = new ObjectMapper().readTree(AgentFixtures.body(get("/status")));
        List<String> established = new ArrayList<>();
        status.path("peers").forEach(p -> {
            if (p.path("state").asText().equals("Established")) {
                established.add(p.path("address").asText(p.path("peerIP").asText()));
            }
        });
        assertThat(status.path("peers").toString()).contains(BIRD_IP);
        assertThat(established).isNotEmpty();
        assertThat(status.at("/exabgp/process").asText()).isEqualTo("RUNNING");
        assertThat(status.at("/exabgp/apiConnected").asBoolean()).isTrue();
        assertThat(get("/metrics")).contains("muslin_exabgp_running 1.0")
                .contains("muslin_bgp_session_state{peer=\"" + BIRD_IP + "\",type=\"global\"} 6.0");

        String statusText = node.exec(BIN.toString(), "status", "--agent", "http://127.0.0.1:" + HTTP_PORT);
        assertThat(statusText).contains("ExaBGP: running (pid ").containsPattern(BIRD_IP.replace(".", "\\.") + " +\\| global +\\| up ");

        served.get(60, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(30), "the fabric's link in /topology",
                () -> AgentFixtures.body(get("/topology")).contains("as65001/area0.0.0.0/10.1.4.1"));
        JsonNode topology = new ObjectMapper().readTree(AgentFixtures.body(get("/topology")));
        List<String> nodes = new ArrayList<>();
        topology.path("nodes").forEach(n -> nodes.add(n.path("id").asText()));
        assertThat(nodes).contains("as15924/010134000041", "as64531/192168251231", "as65001/area0.0.0.0/10.1.1.1");
        assertThat(topology.at("/links/0/local").asText()).isEqualTo("as65001/area0.0.0.0/10.1.1.1");
        assertThat(topology.at("/links/0/remote").asText()).isEqualTo("as65001/area0.0.0.0/10.1.4.1");

        String cli = node.exec(BIN.toString(), "topology", "--agent", "http://127.0.0.1:" + HTTP_PORT);
        assertThat(cli).contains("HL5MMT1-107-IXR-R6").contains("router").contains("as65001/area0.0.0.0/10.1.1.1")
                .contains("10.1.1.1 -> 10.1.1.2").contains("10.134.2.88/30");
    }

    Process startAgent() throws Exception {
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                nodeName: node-a
                datastore:
                  type: etcd
                  etcd:
                    endpoints: [http://127.0.0.1:%d]
                nodeAddress:
                  ipv4: interface=eth0
                http:
                  port: %d
                stateDir: %s
                policy:
                  enabled: false
                """.formatted(ETCD_PORT_IN_NS, HTTP_PORT, dir.resolve("state")));
        return AgentFixtures.startAgent(node, cfg, dir.resolve("agent.log"));
    }

    void startBird() throws Exception {
        bird = AgentFixtures.startBird(peer, dir, """
                router id %s;
                log "%s" all;
                protocol device {}
                protocol static s4 { ipv4; route %s blackhole; }
                protocol bgp muslin {
                  local %s as 64512;
                  neighbor %s as 64512;
                  hold time 9; connect retry time 1; error wait time 1, 5;
                  direct;
                  ipv4 { import all; export where source = RTS_STATIC; next hop self; };
                }
                """.formatted(BIRD_IP, dir.resolve("bird.log"), BIRD_BLOCK, BIRD_IP, NODE_IP));
    }

    String birdc(String command) {
        return AgentFixtures.birdc(peer, dir, command);
    }

    String get(String path) {
        return AgentFixtures.get(node, HTTP_PORT, path);
    }
}
