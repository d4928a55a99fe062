package io.muslin.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.cache.InformerOptions;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.LabelSelector;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.ProcessCommandRunner;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path with real parts: a NetworkPolicy written into a real etcd reaches the kernel of a
 * node — a network namespace this test makes, routing between two pod namespaces over veths, /32
 * host routes, proxy ARP, an uplink with a default route, FORWARD policy DROP — through {@link PolicySync} and the real iptables,
 * ipset and conntrack tools, and real TCP connections show what it allows. Each subclass runs it on
 * one iptables backend. All namespaces are removed after the test, also when it fails.
 */
abstract class PolicySyncNetnsTestBase {
    @RegisterExtension
    final EtcdFixture etcd = EtcdFixture.onTmpfs();

    static final String NODE = "node-1";
    static final String A = "10.66.0.10";
    static final String B = "10.66.0.11";
    static final int PORT = 8080;
    static final Duration WAIT = Duration.ofSeconds(30);

    private final Backend backend;
    private final String id = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final List<AutoCloseable> closers = new ArrayList<>();
    private Netns node;
    private Netns podA;
    private Netns podB;
    private EtcdDatastore raw;
    private ResourceStore store;
    private PolicySync sync;

    PolicySyncNetnsTestBase(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.require(Netns.unavailableReason());
        String tool = backend.tool("iptables", "restore");
        Prerequisites.requireAll(Prerequisites.executableReason("iptables", "/usr/sbin/" + tool, "/sbin/" + tool),
                Prerequisites.executableReason("ipset", "/usr/sbin/ipset", "/sbin/ipset"),
                Prerequisites.executableReason("conntrack", "/usr/sbin/conntrack", "/sbin/conntrack"));
        node = track(Netns.create("mps" + id + "-node"));
        podA = track(Netns.create("mps" + id + "-a"));
        podB = track(Netns.create("mps" + id + "-b"));
        node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        node.exec("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
        node.exec("sysctl", "-qw", "net.ipv4.conf.default.rp_filter=0");
        // An uplink with a default route, so proxy ARP answers the pods' 169.254.1.1 (a veth pair going nowhere).
        node.exec("ip", "link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer");
        node.exec("ip", "addr", "add", "10.64.0.1/24", "dev", "uplink");
        node.exec("ip", "link", "set", "uplink-peer", "up");
        node.exec("ip", "link", "set", "uplink", "up");
        node.exec("ip", "route", "add", "default", "via", "10.64.0.254", "dev", "uplink", "onlink");
        pod(podA, "mps-a", A);
        pod(podB, "mps-b", B);
        node.exec(backend.iptables(), "-P", "FORWARD", "DROP");
        server(podA);
        server(podB);

        raw = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withRequestTimeout(Duration.ofSeconds(3))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(500)));
        store = new ResourceStore(raw, "/t" + UUID.randomUUID() + "/");
        store.create(Namespace.of("shop", Map.of("team", "shop")));
        store.create(endpoint("a", A, "mps-a"));
        store.create(endpoint("b", B, "mps-b"));
    }

    private <T extends AutoCloseable> T track(T c) {
        closers.add(c);
        return c;
    }

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        if (raw != null) {
            raw.close();
        }
        for (AutoCloseable c : closers.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep removing the rest
            }
        }
    }

    /** A pod wired like Calico: veth {@code hostSide}, /32 address, default via 169.254.1.1, proxy ARP, host route. */
    private void pod(Netns pod, String hostSide, String ip) {
        Netns.link(node, hostSide, List.of(), pod, "eth0", List.of(ip + "/32"));
        pod.exec("ip", "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        pod.exec("ip", "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        node.exec("sysctl", "-qw", "net.ipv4.conf." + hostSide + ".proxy_arp=1");
        node.exec("ip", "route", "add", ip + "/32", "dev", hostSide, "scope", "link");
    }

    /** A line echo server on {@link #PORT} in the pod: answers "pong" to each line. */
    private void server(Netns pod) throws Exception {
        ServerSocket ss = pod.executor().submit(() -> new ServerSocket(PORT, 50, InetAddress.getByName("0.0.0.0"))).get();
        track(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread.ofVirtual().start(() -> echo(s));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void echo(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
            while (in.readLine() != null) {
                out.println("pong");
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    /** A TCP connection made inside {@code from}'s namespace, kept open. */
    private final class Conn implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final PrintWriter out;

        Conn(Netns from, String ip) throws Exception {
            socket = from.executor().submit(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(ip, PORT), 1500);
                s.setSoTimeout(1500);
                return s;
            }).get();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /** One ping over the kept connection: true when the answer came. */
        boolean works() {
            try {
                out.println("ping");
                return "pong".equals(in.readLine());
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Whether {@code from} can open a new connection to {@code ip} and get an answer. */
    private boolean connects(Netns from, String ip) {
        try (Conn c = new Conn(from, ip)) {
            return c.works();
        } catch (Exception e) {
            return false;
        }
    }

    static WorkloadEndpoint endpoint(String pod, String ip, String iface) {
        return new WorkloadEndpoint(ObjectMeta.namespaced("shop", NODE + "-k8s-" + pod + "-eth0").withLabels(Map.of("app", pod)),
                new WorkloadEndpoint.Spec("k8s", NODE, pod, "eth0", "c-" + pod, List.of(ip + "/32"), iface, null, null, null));
    }

    /** "a accepts no connections" (the seed article's policy): a isolated for ingress, no rule. */
    static NetworkPolicy isolateA() {
        return new NetworkPolicy(ObjectMeta.namespaced("shop", "a-accepts-nothing"),
                new NetworkPolicy.Spec(LabelSelector.matching("app", "a"), List.of("Ingress"), null, null));
    }

    private String ourRules() {
        return node.exec(backend.tool("iptables", "save"), "-t", "filter").lines()
                .filter(l -> l.contains("MUSLIN") || l.contains("muslin")).reduce("", (x, y) -> x + y + "\n");
    }

    @Test
    void aPolicyInEtcdStopsWhatItDeniesAndKeepsWhatItAllows() throws Exception {
        sync = PolicySync.start(store, NODE, PolicySync.Options.defaults(Set.of())
                .withBackend(backend).withRunner(ProcessCommandRunner.inNetns(node.name()))
                .withDebounce(Duration.ofMillis(50), Duration.ofSeconds(1)).withRetry(Duration.ofMillis(500))
                .withRegistry(new SimpleMeterRegistry())
                .withInformers(InformerOptions.defaults().withProgressInterval(Duration.ofSeconds(1))));
        Await.until(WAIT, "the first apply", () -> sync.applies() >= 1);
        assertThat(connects(podB, A)).as("b -> a before the policy").isTrue();
        assertThat(connects(podA, B)).as("a -> b before the policy").isTrue();
        try (Conn aToB = new Conn(podA, B); Conn bToA = new Conn(podB, A)) {
            assertThat(aToB.works()).isTrue();
            assertThat(bToA.works()).isTrue();

            store.create(isolateA());
            Await.until(WAIT, "b can no longer open connections to a", () -> !connects(podB, A));
            // a still opens connections to b, replies come back, and a's connection made before the policy keeps working.
            assertThat(connects(podA, B)).as("a -> b with the policy").isTrue();
            assertThat(aToB.works()).as("a's kept connection to b").isTrue();
            // b's connection to a was opened by a flow the policy now denies: the sync cut it.
            assertThat(bToA.works()).as("b's kept connection to a").isFalse();
            assertThat(sync.summary().policies()).isEqualTo(1);
            assertThat(sync.summary().backend()).isEqualTo(backend.name().toLowerCase(java.util.Locale.ROOT));

            // etcd goes away: the chains stay exactly as applied, and so does the traffic.
            String applied = ourRules();
            long applies = sync.applies();
            etcd.process().stop();
            Await.until(WAIT, "the sync to notice etcd is gone", () -> !sync.datastoreConnected());
            assertThat(connects(podB, A)).as("b -> a while etcd is down").isFalse();
            assertThat(connects(podA, B)).as("a -> b while etcd is down").isTrue();
            assertThat(aToB.works()).isTrue();
            assertThat(ourRules()).isEqualTo(applied);
            assertThat(sync.applies()).isEqualTo(applies);
            etcd.process().startAgain();

            Await.until(WAIT, "the sync to see etcd again", sync::datastoreConnected);
            assertThat(ourRules()).isEqualTo(applied);

            // The policy is deleted: b reaches a again; a's connection never noticed.
            Await.until(WAIT, "etcd back", () -> {
                try {
                    store.delete(NetworkPolicy.class, "shop", "a-accepts-nothing");
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            Await.until(WAIT, "b reaches a again", () -> connects(podB, A));
            assertThat(aToB.works()).isTrue();
            assertThat(sync.summary().policies()).isZero();
        }
        sync.cleanup();
        assertThat(ourRules()).isEmpty();
        assertThat(node.exec("ipset", "list", "-n")).doesNotContain("muslin-");
    }
}
