package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.ipam.Ipam;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * Host protection on a hardened node: the agent ({@code bin/muslin agent} in a node namespace, policy
 * on with the nft backend, host protection at its defaults) with a real BIRD peer and a real etcd,
 * both reached over the node's {@code eth0} (etcd through a forwarder in the peer's namespace). Once
 * the agent has written its chains the node's INPUT and OUTPUT policies become DROP (loopback
 * allowed, as on any hardened host). Then, with packets as the oracle: a port that is not failsafe
 * is refused both ways while SSH (inbound tcp:22) and the Kubernetes API port (outbound tcp:6443)
 * pass; BIRD's session, reset, comes back; the agent restarted opens new etcd connections, is ready
 * again, and a block claimed in etcd by another process reaches BIRD.
 */
class HostProtectionIT {
    static final Path BIN = Path.of("..", "bin", "muslin").toAbsolutePath().normalize();
    static final String NODE_IP = "10.89.0.2", PEER_IP = "10.89.0.1";
    static final int ETCD_PORT = 2379, HTTP_PORT = 9099;

    @TempDir
    Path dir;
    EtcdProcess etcd;
    EtcdDatastore client;
    Netns node;
    Netns peer;
    NamespaceForwarder forwarder;
    final List<AutoCloseable> listeners = new ArrayList<>();
    Process bird;
    Process agent;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        Prerequisites.require(EtcdProcess.missingReason());
        Prerequisites.requireAll(Prerequisites.executableReason("iptables-nft", "/usr/sbin/iptables-nft", "/sbin/iptables-nft"),
                Prerequisites.executableReason("iptables-nft-restore", "/usr/sbin/iptables-nft-restore", "/sbin/iptables-nft-restore"),
                Prerequisites.executableReason("ipset", "/usr/sbin/ipset", "/sbin/ipset"),
                Prerequisites.executableReason("conntrack", "/usr/sbin/conntrack", "/sbin/conntrack"));
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/bird")) ? null : "BIRD 2 (/usr/sbin/bird) is not installed");
        Prerequisites.require(Files.isRegularFile(Path.of("target", "muslin-node-agent.jar"))
                ? null : "target/muslin-node-agent.jar is missing: run through mvn verify");
        etcd = EtcdProcess.start(true);
        client = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()));
        String tag = Long.toHexString(System.nanoTime() & 0xFFFFF);
        node = Netns.create("mhp-" + tag + "-n");
        peer = Netns.create("mhp-" + tag + "-p");
        Netns.link(node, "eth0", List.of(NODE_IP + "/24"), peer, "eth0", List.of(PEER_IP + "/24"));
        forwarder = new NamespaceForwarder(peer, InetAddress.getByName(PEER_IP), ETCD_PORT, etcd.clientPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : new Process[] {agent, bird}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String f : new String[] {"agent-1.log", "agent-2.log", "bird.log"}) {
            Path log = dir.resolve(f);
            if (Files.exists(log)) {
                System.out.println("---- " + f + "\n" + Files.readString(log));
            }
        }
        for (AutoCloseable c : listeners) {
            c.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {forwarder, node, peer, client, etcd}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void withInputAndOutputPoliciesDropTheNodeKeepsBgpEtcdAndTheFailsafePortsAndNothingElse() throws Exception {
        ResourceStore resources = new ResourceStore(client);
        resources.create(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        resources.create(new BGPPeer(ObjectMeta.named("tor"), new BGPPeer.Spec(null, PEER_IP, 64512L, null, null, null, null,
                null, null, null, null, null)));
        startBird();
        listen(node, NODE_IP, 22);
        listen(node, NODE_IP, 2222);
        listen(peer, PEER_IP, 6443);
        listen(peer, PEER_IP, 7000);
        assertThat(connects(peer, NODE_IP, 2222)).as("before any DROP policy every port answers").isTrue();

        agent = startAgent(1);
        Await.until(Duration.ofSeconds(90), "/readyz ready", () -> get("/readyz").matches("(?s)HTTP/1\\.[01] 200 .*"));
        Await.until(Duration.ofSeconds(30), "the host protection chains written", () -> rules().contains("failsafe in tcp:22"));
        String rules = rules();
        assertThat(rules).contains("BGP from nodes and peers").contains("etcd client").contains("failsafe out tcp:6443");

        node.exec("iptables-nft", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        node.exec("iptables-nft", "-A", "OUTPUT", "-o", "lo", "-j", "ACCEPT");
        node.exec("iptables-nft", "-P", "INPUT", "DROP");
        node.exec("iptables-nft", "-P", "OUTPUT", "DROP");

        assertThat(connects(peer, NODE_IP, 2222)).as("inbound to a port that is not failsafe is dropped").isFalse();
        assertThat(connects(peer, NODE_IP, 22)).as("inbound SSH is failsafe").isTrue();
        assertThat(connects(node, PEER_IP, 7000)).as("outbound to a port that is not failsafe is dropped").isFalse();
        assertThat(connects(node, PEER_IP, 6443)).as("outbound to the Kubernetes API port is failsafe").isTrue();

        birdc("restart muslin");
        Await.until(Duration.ofSeconds(60), "BIRD's session Established again after a reset",
                () -> birdc("show protocols muslin").contains("Established"));

        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        agent = startAgent(2);
        Await.until(Duration.ofSeconds(90), "/readyz ready after a restart under DROP policies (new etcd connections)",
                () -> get("/readyz").matches("(?s)HTTP/1\\.[01] 200 .*"));
        assertThat(new ObjectMapper().readTree(AgentFixtures.body(get("/status"))).at("/datastore/connected").asBoolean()).isTrue();
        String claimed = new Ipam(client).claimBlock("node-a", "default-ipv4").orElseThrow().toString();
        Await.until(Duration.ofSeconds(30), "BIRD learns the block claimed in etcd, " + claimed,
                () -> birdc("show route protocol muslin").contains(claimed));
        assertThat(connects(peer, NODE_IP, 2222)).as("still dropped after the restart").isFalse();
    }

    Process startAgent(int run) throws Exception {
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                nodeName: node-a
                datastore:
                  type: etcd
                  etcd:
                    endpoints: [http://%s:%d]
                nodeAddress:
                  ipv4: interface=eth0
                http:
                  port: %d
                stateDir: %s
                cniServerFile: none
                policy:
                  enabled: true
                  iptablesBackend: nft
                """.formatted(PEER_IP, ETCD_PORT, HTTP_PORT, dir.resolve("state")));
        return AgentFixtures.startAgent(node, cfg, dir.resolve("agent-" + run + ".log"));
    }

    void startBird() throws Exception {
        bird = AgentFixtures.startBird(peer, dir, """
                router id %s;
                log "%s" all;
                protocol device {}
                protocol bgp muslin {
                  local %s as 64512;
                  neighbor %s as 64512;
                  hold time 9; connect retry time 1; error wait time 1, 5;
                  direct;
                  graceful restart on;
                  ipv4 { import all; export none; };
                }
                """.formatted(PEER_IP, dir.resolve("bird.log"), PEER_IP, NODE_IP));
    }

    String birdc(String command) {
        return AgentFixtures.birdc(peer, dir, command);
    }

    String rules() {
        return node.exec("iptables-nft-save", "-t", "filter");
    }

    /** A TCP listener in {@code ns} that accepts and closes every connection. */
    void listen(Netns ns, String address, int port) throws Exception {
        ServerSocket s = ns.executor().submit(() -> {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port));
            return server;
        }).get();
        listeners.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    s.accept().close();
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    /** Whether a TCP connection from {@code ns} to {@code address:port} is made within 2 s. */
    static boolean connects(Netns ns, String address, int port) throws Exception {
        return ns.executor().submit(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 2000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    String get(String path) {
        return AgentFixtures.get(node, HTTP_PORT, path);
    }
}
