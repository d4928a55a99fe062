package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.ipam.Ipam;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent ({@code bin/muslin agent}, a real process inside a node namespace made here) with a
 * real etcd and a real BIRD as its BGP peer in a second namespace. The agent registers its Node,
 * claims a block, BIRD learns it; BIRD announces a block of another "node" and the agent installs
 * it in the namespace's kernel (checked with {@code ip route}, not with the agent's view);
 * {@code /readyz} turns ready and {@code /metrics} shows the session Established. Then SIGTERM and
 * a new start: the agent exits 0, BIRD keeps our block meanwhile (graceful restart), and {@code ip
 * monitor route} in the namespace records no deletion of any route of ours the whole time.
 */
class AgentWithBirdIT {
    static final Path BIN = Path.of("..", "bin", "muslin").toAbsolutePath().normalize();
    static final String NODE_IP = "10.88.0.2", BIRD_IP = "10.88.0.1";
    static final String BIRD_BLOCK = "10.244.200.0/26";
    static final int ETCD_PORT_IN_NS = 2379, HTTP_PORT = 9099;

    @TempDir
    Path dir;
    EtcdProcess etcd;
    EtcdDatastore client;
    Netns node;
    Netns peer;
    NamespaceForwarder forwarder;
    Process bird;
    Process agent;
    Process monitor;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        Prerequisites.require(EtcdProcess.missingReason());
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/bird")) ? null : "BIRD 2 (/usr/sbin/bird) is not installed");
        Prerequisites.require(Files.isRegularFile(Path.of("target", "muslin-node-agent.jar"))
                ? null : "target/muslin-node-agent.jar is missing: run through mvn verify");
        etcd = EtcdProcess.start(true);
        client = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()));
        String tag = Long.toHexString(System.nanoTime() & 0xFFFFF);
        node = Netns.create("mag-" + tag + "-n");
        peer = Netns.create("mag-" + tag + "-p");
        Netns.link(node, "eth0", List.of(NODE_IP + "/24"), peer, "eth0", List.of(BIRD_IP + "/24"));
        forwarder = new NamespaceForwarder(node, ETCD_PORT_IN_NS, etcd.clientPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : new Process[] {agent, monitor, bird}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String f : new String[] {"agent-1.log", "agent-2.log", "bird.log", "monitor.log"}) {
            Path log = dir.resolve(f);
            if (Files.exists(log)) {
                System.out.println("---- " + f + "\n" + Files.readString(log));
            }
        }
        if (forwarder != null) {
            forwarder.close();
        }
        if (node != null) {
            node.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (client != null) {
            client.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void theAgentPeersWithBirdProgramsItsRouteAndRestartsWithoutLosingOne() throws Exception {
        ResourceStore resources = new ResourceStore(client);
        resources.create(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        resources.create(new BGPPeer(ObjectMeta.named("tor"), new BGPPeer.Spec(null, BIRD_IP, 64512L, null, null, null, null,
                null, null, null, null, null)));
        startBird();
        monitor = node.start(dir.resolve("monitor.log"), "ip", "monitor", "route");

        agent = startAgent(1);
        Await.until(Duration.ofSeconds(60), "Node node-a registered", () -> resources.get(Node.class, "node-a").isPresent());
        Node n = resources.get(Node.class, "node-a").orElseThrow().resource();
        assertThat(n.spec().bgp().ipv4Address()).isEqualTo(NODE_IP + "/24");
        Ipam ipam = new Ipam(client);
        Await.until(Duration.ofSeconds(30), "a block claimed for node-a", () -> !ipam.advertisableBlocks("node-a").isEmpty());
        List<IpPrefix> blocks = ipam.advertisableBlocks("node-a");
        assertThat(blocks).singleElement().satisfies(b -> assertThat(b.length()).isEqualTo(26));
        String ours = blocks.getFirst().toString();
        assertThat(Files.readString(dir.resolve("state/nodename"))).isEqualTo("node-a\n");
        Await.until(Duration.ofSeconds(10), "the pod MTU written", () -> Files.exists(dir.resolve("state/mtu")));
        assertThat(Files.readString(dir.resolve("state/mtu"))).isEqualTo("1500\n");

        Await.until(Duration.ofSeconds(30), "BIRD learns " + ours, () -> birdRoutes().contains(ours));
        Await.until(Duration.ofSeconds(30), "the kernel has BIRD's block", () -> node.exec("ip", "route", "show", BIRD_BLOCK)
                .contains("via " + BIRD_IP));
        String route = node.exec("ip", "route", "show", BIRD_BLOCK);
        assertThat(route).contains("via " + BIRD_IP + " dev eth0").contains("proto 77");
        assertThat(node.exec("ip", "route", "show", ours)).contains("blackhole").contains("proto 77");

        Await.until(Duration.ofSeconds(30), "/readyz ready", () -> get("/readyz").matches("(?s)HTTP/1\\.[01] 200 .*"));
        String metrics = get("/metrics");
        assertThat(metrics).contains("muslin_bgp_session_state{peer=\"" + BIRD_IP + "\",type=\"global\"} 6.0")
                .contains("muslin_agent_ready 1.0");
        // A block claimed by another process (as a CNI ADD claims one) reaches BIRD without any restart.
        String second = ipam.claimBlock("node-a", "default-ipv4").orElseThrow().toString();
        Await.until(Duration.ofSeconds(10), "BIRD learns the block claimed from outside, " + second,
                () -> birdRoutes().contains(second));
        JsonNode status = new ObjectMapper().readTree(AgentFixtures.body(get("/status")));
        assertThat(status.at("/peers/0/state").asText()).isEqualTo("Established");
        List<String> cidrs = new ArrayList<>();
        status.path("blocks").forEach(b -> cidrs.add(b.path("cidr").asText()));
        assertThat(cidrs).contains(ours);
        blocks = ipam.advertisableBlocks("node-a");

        // SIGTERM: a stop for a restart.
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
        assertThat(agent.exitValue()).as("exit status after SIGTERM").isZero();
        Await.until(Duration.ofSeconds(10), "BIRD notices the agent is gone",
                () -> !birdc("show protocols muslin").contains("Established"));
        String during = birdc("show protocols all muslin");
        assertThat(during).contains("Neighbor graceful restart active");
        assertThat(birdRoutes()).as("BIRD keeps our block while the agent is down").contains(ours);
        assertThat(node.exec("ip", "route", "show", BIRD_BLOCK)).contains("via " + BIRD_IP);

        agent = startAgent(2);
        Await.until(Duration.ofSeconds(60), "the session Established again", () -> birdc("show protocols muslin").contains("Established"));
        Await.until(Duration.ofSeconds(90), "/readyz ready after the restart", () -> get("/readyz").matches("(?s)HTTP/1\\.[01] 200 .*"));
        assertThat(birdRoutes()).contains(ours);
        assertThat(ipam.advertisableBlocks("node-a")).as("the same block, none claimed again").containsExactlyElementsOf(blocks);
        assertThat(node.exec("ip", "route", "show", BIRD_BLOCK)).contains("via " + BIRD_IP).contains("proto 77");
        Thread.sleep(500);
        List<String> deletions = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("monitor.log"))) {
            if (line.startsWith("Deleted") && line.contains("10.244.")) {
                deletions.add(line);
            }
        }
        assertThat(deletions).as("no route of ours ever left the kernel").isEmpty();
        assertThat(Files.readString(dir.resolve("agent-2.log"))).contains("graceful restart");

        // A stop for good: the agent stopped, then node cleanup in the node's namespace.
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ProcessBuilder cleanup = new ProcessBuilder("ip", "netns", "exec", node.name(), BIN.toString(), "node", "cleanup", "--yes",
                "--config", dir.resolve("agent.yaml").toString()).redirectErrorStream(true);
        cleanup.environment().put("MUSLIN_AOT", "0");
        Process c = cleanup.start();
        String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(out).isZero();
        assertThat(out).contains("node node-a: released").contains("Node resource deleted").contains("kernel: 3 route(s) of protocol 77 deleted");
        assertThat(node.exec("ip", "route", "show", "proto", "77")).as("no route of ours left").isBlank();
        assertThat(resources.get(Node.class, "node-a")).isEmpty();
        assertThat(ipam.advertisableBlocks("node-a")).isEmpty();
    }

    Process startAgent(int run) throws Exception {
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
        return AgentFixtures.startAgent(node, cfg, dir.resolve("agent-" + run + ".log"));
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
                  graceful restart on;
                  ipv4 { import all; export where source = RTS_STATIC; next hop self; };
                }
                """.formatted(BIRD_IP, dir.resolve("bird.log"), BIRD_BLOCK, BIRD_IP, NODE_IP));
    }

    String birdc(String command) {
        return AgentFixtures.birdc(peer, dir, command);
    }

    String birdRoutes() {
        return birdc("show route protocol muslin");
    }

    String get(String path) {
        return AgentFixtures.get(node, HTTP_PORT, path);
    }

}
