package io.muslin.agent.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Allocation;
import io.muslin.ipam.AssignRequest;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import io.muslin.net.IpAddress;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link IpamMaintenance} against a real etcd (one per test: a test stops it). IPAM's clock is the
 * test's, so "after the grace period" is exact; the periodic runs are an hour apart and the test
 * runs passes itself with {@link IpamMaintenance#runOnce()}.
 */
class IpamMaintenanceTest {
    @RegisterExtension
    final EtcdFixture etcd = EtcdFixture.onTmpfs();

    static final String NODE = "node-1";
    static final Duration GRACE = Duration.ofMinutes(15);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private EtcdDatastore raw;
    private ResourceStore store;
    private Ipam ipam;
    private IpamMaintenance maintenance;

    @BeforeEach
    void setUp() {
        raw = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withRequestTimeout(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(200)));
        String root = "/t" + UUID.randomUUID() + "/";
        store = new ResourceStore(raw, root);
        ipam = new Ipam(raw, new IpamOptions(root, Duration.ZERO, Duration.ofSeconds(3), now::get));
        ipam.createPool(IPPool.of("pool-a", "10.120.0.0/24", 26));
        store.create(node(NODE));
    }

    @AfterEach
    void tearDown() {
        if (maintenance != null) {
            maintenance.close();
        }
        raw.close();
    }

    static Node node(String name) {
        return new Node(ObjectMeta.named(name), new Node.Spec(new Node.BGP(null, null, null, null, null), null, null, null));
    }

    private IpAddress assign(String handle, String pod, String node) {
        return ipam.autoAssign(AssignRequest.ipv4(handle, node, Map.of("pod", pod, "namespace", "default")))
                .getFirst().address();
    }

    private void endpoint(String pod, IpAddress ip, String node) {
        store.create(new WorkloadEndpoint(ObjectMeta.namespaced("default", node + "-k8s-" + pod + "-eth0"),
                new WorkloadEndpoint.Spec("k8s", node, pod, "eth0", "c-" + pod, List.of(ip + "/32"), "cali" + pod, null, null,
                        null)));
    }

    private List<IpAddress> assigned() {
        return ipam.allocations().stream().map(Allocation::address).toList();
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    private double released(String kind) {
        return registry.get(IpamMaintenance.GC_RELEASED).tag("kind", kind).counter().count();
    }

    private IpamMaintenance start() {
        maintenance = IpamMaintenance.start(ipam, store, NODE, Duration.ofHours(1), GRACE, registry);
        Await.until(Duration.ofSeconds(30), "the run at start", () -> maintenance.report().runs() >= 1);
        return maintenance;
    }

    @Test
    void aLeakedAddressIsReleasedAfterTheGracePeriodAndNotBefore() {
        IpAddress web = assign("c-web", "web", NODE);
        endpoint("web", web, NODE);
        IpAddress leaked = assign("c-gone", "gone", NODE);   // its pod never got (or lost) its WorkloadEndpoint
        IpAddress renamed = assign("c-old", "db", NODE);     // db was re-created with another address
        endpoint("db", IpAddress.parse("10.120.0.200"), NODE);
        start();
        assertThat(maintenance.report().leakSuspects()).isEqualTo(2);
        assertThat(maintenance.report().lastError()).isNull();
        assertThat(assigned()).containsExactlyInAnyOrder(web, leaked, renamed);

        advance(GRACE.minusSeconds(1));
        IpamMaintenance.Report r = maintenance.runOnce();
        assertThat(r.addressesReleased()).isZero();
        assertThat(assigned()).containsExactlyInAnyOrder(web, leaked, renamed);

        advance(Duration.ofSeconds(1));
        r = maintenance.runOnce();
        assertThat(r.addressesReleased()).isEqualTo(2);
        assertThat(r.leakSuspects()).isZero();
        assertThat(assigned()).containsExactly(web);
        assertThat(released("address")).isEqualTo(2.0);

        // The pod with a WorkloadEndpoint keeps its address through any number of runs.
        for (int i = 0; i < 3; i++) {
            advance(GRACE.multipliedBy(2));
            maintenance.runOnce();
        }
        assertThat(assigned()).containsExactly(web);
        assertThat(maintenance.report().runs()).isEqualTo(6);
        assertThat(registry.get(IpamMaintenance.GC_RUNS).tag("result", "ok").counter().count()).isEqualTo(6.0);
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void anEtcdOutageDuringARunReleasesNothingAndIsReported() {
        IpAddress web = assign("c-web", "web", NODE);
        endpoint("web", web, NODE);
        IpAddress leaked = assign("c-gone", "gone", NODE);
        start();
        advance(GRACE.plusMinutes(1)); // the leak is due

        etcd.process().stop();
        IpamMaintenance.Report r = maintenance.runOnce();
        assertThat(r.lastError()).isNotNull();
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.addressesReleased()).isZero();
        assertThat(registry.get(IpamMaintenance.GC_RUNS).tag("result", "error").counter().count()).isEqualTo(1.0);
        assertThat(released("address")).isZero();

        etcd.process().startAgain();
        Await.until(Duration.ofSeconds(30), "etcd back", () -> {
            try {
                return assigned().size() == 2;
            } catch (RuntimeException e) {
                return false;
            }
        });
        assertThat(assigned()).containsExactlyInAnyOrder(web, leaked);
        r = maintenance.runOnce();
        assertThat(r.lastError()).isNull();
        assertThat(r.lastSuccess()).isNotNull();
        assertThat(assigned()).containsExactly(web);
        assertThat(r.addressesReleased()).isEqualTo(1);
    }

    @Test
    void departedNodesAreReleasedByTheLowestNamedNodeOnly() {
        store.create(node("node-2"));
        IpAddress mine = assign("c-web", "web", NODE);
        endpoint("web", mine, NODE);
        IpAddress theirs = assign("c-x", "x", "node-9"); // node-9 has a block and an address but no Node
        endpoint("x", theirs, "node-9");
        IpamMaintenance other = IpamMaintenance.start(ipam, store, "node-2", Duration.ofHours(1), GRACE, new SimpleMeterRegistry());
        try {
            start();
            Await.until(Duration.ofSeconds(30), "node-2's run at start", () -> other.report().runs() >= 1);
            assertThat(maintenance.report().departedCleaner()).isTrue();
            assertThat(other.report().departedCleaner()).isFalse();
            advance(GRACE);
            other.runOnce();
            assertThat(ipam.advertisableBlocks("node-9")).hasSize(1);
            maintenance.runOnce();
            assertThat(ipam.advertisableBlocks("node-9")).isEmpty();
            assertThat(assigned()).containsExactly(mine);
            assertThat(maintenance.report().nodesReleased()).isEqualTo(1);
            assertThat(released("node")).isEqualTo(1.0);
        } finally {
            other.close();
        }
    }
}
