package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.agent.config.AgentConfigReader;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.ipam.Ipam;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
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
 * Three agents ({@code bin/muslin agent} processes, each in its node namespace) with a real etcd:
 * node1 and node2 on subnet A, node3 on subnet B behind a router namespace. A vxlan CrossSubnet
 * pool. The full node-to-node mesh comes up by itself, every node claims and advertises a block,
 * and each kernel (read with {@code ip route}) routes the shared-subnet block directly and the
 * other subnet's block through {@code vxlan.muslin}. BFD on the mesh (BGPConfiguration
 * {@code nodeMeshBFD}) comes up with every other node: single hop within the subnet, multihop
 * across the router (a single-hop session could not: the router takes the TTL below 255, which
 * RFC 5881 receivers drop).
 */
class MeshAcrossSubnetsIT {
    static final int ETCD_PORT_IN_NS = 2379;
    static final String[] NAMES = {"node1", "node2", "node3"};
    static final String[] IPS = {"10.60.1.1", "10.60.1.2", "10.60.2.3"};

    @TempDir
    Path dir;
    EtcdProcess etcd;
    EtcdDatastore client;
    Netns router;
    final List<Netns> nodes = new ArrayList<>();
    final List<NamespaceForwarder> forwarders = new ArrayList<>();
    final List<Process> agents = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        Prerequisites.require(EtcdProcess.missingReason());
        Prerequisites.require(Files.isRegularFile(Path.of("target", "muslin-node-agent.jar"))
                ? null : "target/muslin-node-agent.jar is missing: run through mvn verify");
        etcd = EtcdProcess.start(true);
        client = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()));
        String tag = "mms-" + Long.toHexString(System.nanoTime() & 0xFFFFF);
        router = Netns.create(tag + "-r");
        router.bridge("bra");
        router.bridge("brb");
        router.exec("ip", "addr", "add", "10.60.1.254/24", "dev", "bra");
        router.exec("ip", "addr", "add", "10.60.2.254/24", "dev", "brb");
        router.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (int i = 0; i < 3; i++) {
            Netns n = Netns.create(tag + "-" + (i + 1));
            nodes.add(n);
            boolean a = i < 2;
            router.plug(a ? "bra" : "brb", n, "eth0", List.of(IPS[i] + "/24"));
            n.exec("ip", "route", "add", "default", "via", a ? "10.60.1.254" : "10.60.2.254");
            forwarders.add(new NamespaceForwarder(n, ETCD_PORT_IN_NS, etcd.clientPort()));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : agents) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String n : NAMES) {
            Path log = dir.resolve(n + ".log");
            if (Files.exists(log)) {
                System.out.println("---- " + n + "\n" + Files.readString(log));
            }
        }
        for (NamespaceForwarder f : forwarders) {
            f.close();
        }
        for (Netns n : pods) {
            n.close();
        }
        for (Netns n : nodes) {
            n.close();
        }
        if (router != null) {
            router.close();
        }
        if (client != null) {
            client.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void theMeshRoutesTheSharedSubnetDirectlyAndTheOtherThroughVxlan() throws Exception {
        ResourceStore resources = new ResourceStore(client);
        resources.create(new IPPool(ObjectMeta.named("default-ipv4"),
                new IPPool.Spec("10.244.0.0/16", 26, "Never", "CrossSubnet", true, false, false, "all()")));
        resources.create(new BGPConfiguration(ObjectMeta.named("default"), new BGPConfiguration.Spec(null, null, null, null,
                null, null, null, null, null, null, new BGPPeer.Bfd(300, 300, 3, null))));
        for (int i = 0; i < 3; i++) {
            agents.add(startAgent(i));
        }
        Ipam ipam = new Ipam(client);
        String[] blocks = new String[3];
        for (int i = 0; i < 3; i++) {
            String name = NAMES[i];
            Await.until(Duration.ofSeconds(90), name + " claims a block", () -> !ipam.advertisableBlocks(name).isEmpty());
            blocks[i] = ipam.advertisableBlocks(name).getFirst().toString();
        }
        Netns n1 = nodes.get(0);
        Await.until(Duration.ofSeconds(60), "node1 routes node2's and node3's blocks", () ->
                n1.exec("ip", "route", "show", blocks[1]).contains("proto 77")
                        && n1.exec("ip", "route", "show", blocks[2]).contains("proto 77"));
        assertThat(n1.exec("ip", "route", "show", blocks[1])).as("same subnet: direct").contains("via " + IPS[1] + " dev eth0");
        assertThat(n1.exec("ip", "route", "show", blocks[2])).as("across subnets: vxlan")
                .contains("via " + IPS[2] + " dev vxlan.muslin").contains("onlink");
        Netns n3 = nodes.get(2);
        Await.until(Duration.ofSeconds(60), "node3 routes node1's and node2's blocks through vxlan", () ->
                n3.exec("ip", "route", "show", blocks[0]).contains("dev vxlan.muslin")
                        && n3.exec("ip", "route", "show", blocks[1]).contains("dev vxlan.muslin"));
        assertThat(n1.exec("ip", "-d", "link", "show", "vxlan.muslin")).contains("vxlan id 4096");
        assertThat(Files.readString(dir.resolve("state-node1/mtu"))).as("uplink 1500 less vxlan's 50").isEqualTo("1450\n");

        // Pods wired as the CNI plugin wires them (a /32 behind a veth, proxy ARP): they reach each other.
        String pod1 = pod(0, blocks[0]);
        String pod2 = pod(1, blocks[1]);
        String pod3 = pod(2, blocks[2]);
        assertThat(pods.get(0).tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", pod2).exit()).as("pod1 -> pod2 (direct)").isZero();
        assertThat(pods.get(0).tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", pod3).exit()).as("pod1 -> pod3 (vxlan)").isZero();
        assertThat(pods.get(2).tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", pod1).exit()).as("pod3 -> pod1 (vxlan)").isZero();

        // BFD with node2 (same subnet) and node3 (behind the router), as node1's /status shows it.
        for (String peer : List.of(IPS[1], IPS[2])) {
            Await.until(Duration.ofSeconds(30), "node1's BFD session with " + peer + " up", () -> "up".equals(bfdState(0, peer)));
        }
        Await.until(Duration.ofSeconds(30), "node3's BFD session with node1 up", () -> "up".equals(bfdState(2, IPS[0])));
    }

    /** The BFD state node {@code i}'s /status gives for its peer at {@code address}, or null. */
    String bfdState(int i, String address) {
        String body = AgentFixtures.body(AgentFixtures.get(nodes.get(i), AgentConfigReader.DEFAULT_HTTP_PORT, "/status"));
        if (body.isEmpty()) {
            return null;
        }
        try {
            for (JsonNode p : new ObjectMapper().readTree(body).path("peers")) {
                if (p.path("address").asText().equals(address)) {
                    return p.path("bfd").path("state").asText(null);
                }
            }
        } catch (java.io.IOException e) {
            return null; // an answer cut short: asked again
        }
        return null;
    }

    final List<Netns> pods = new ArrayList<>();

    /** A pod namespace behind node {@code i} with the block's second address; returns that address. */
    String pod(int i, String block) {
        String[] parts = block.split("/")[0].split("\\.");
        String ip = parts[0] + "." + parts[1] + "." + parts[2] + "." + (Integer.parseInt(parts[3]) + 2);
        Netns node = nodes.get(i);
        Netns pod = Netns.create(node.name() + "p");
        pods.add(pod);
        String host = "cali" + (i + 1);
        io.muslin.testing.Commands.run(List.of("ip", "link", "add", host, "netns", node.name(), "type", "veth", "peer", "name",
                "eth0", "netns", pod.name()));
        node.exec("ip", "link", "set", host, "up");
        node.exec("sysctl", "-qw", "net.ipv4.conf." + host + ".proxy_arp=1");
        node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        node.exec("ip", "route", "add", ip + "/32", "dev", host);
        pod.exec("ip", "addr", "add", ip + "/32", "dev", "eth0");
        pod.exec("ip", "link", "set", "eth0", "up");
        pod.exec("ip", "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        pod.exec("ip", "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        return ip;
    }

    Process startAgent(int i) throws Exception {
        Path cfg = Files.writeString(dir.resolve(NAMES[i] + ".yaml"), """
                nodeName: %s
                datastore:
                  type: etcd
                  etcd:
                    endpoints: [http://127.0.0.1:%d]
                nodeAddress:
                  ipv4: interface=eth0
                stateDir: %s
                policy:
                  enabled: false
                """.formatted(NAMES[i], ETCD_PORT_IN_NS, dir.resolve("state-" + NAMES[i])));
        return AgentFixtures.startAgent(nodes.get(i), cfg, dir.resolve(NAMES[i] + ".log"));
    }
}
