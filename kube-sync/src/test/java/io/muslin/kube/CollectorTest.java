package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Allocation;
import io.muslin.ipam.AssignRequest;
import io.muslin.ipam.Assignment;
import io.muslin.ipam.Ipam;
import io.muslin.net.IpAddress;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide collection: addresses and endpoints of pods that are gone, and everything of
 * nodes that are gone, released only after the grace period — checked through IPAM's own view of
 * the store ({@link Ipam#allocations()}, {@link Ipam#affinities()}), not through the collector.
 */
class CollectorTest {
    static final Duration GRACE = Duration.ofSeconds(2);
    final KubeApi api = new KubeApi();
    final Datastore store = FileDatastore.inMemory();
    final ResourceStore resources = new ResourceStore(store);
    final Ipam ipam = new Ipam(store);
    KubeSync sync;

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        api.close();
        store.close();
    }

    private KubeSync start() {
        // The periodic collection is pushed out of the way: the test calls it.
        sync = KubeSync.start(api.client(), store, KubeSyncOptions.defaults().withGrace(GRACE).withGcInterval(Duration.ofHours(1))
                .withRetry(Duration.ofMillis(200)));
        return sync;
    }

    private IpAddress assign(String namespace, String pod, String node) {
        return assign(namespace, pod, node, "k8s-pod-network." + pod);
    }

    private IpAddress assign(String namespace, String pod, String node, String handle) {
        List<Assignment> a = ipam.autoAssign(AssignRequest.ipv4(handle, node,
                Map.of("namespace", namespace, "pod", pod)));
        return a.getFirst().address();
    }

    @Test
    void aPodDeletedWhileTheSyncWasDownHasItsAddressAndEndpointReleasedAfterTheGrace() {
        ipam.createPool(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        api.direct().nodes().resource(KubeObjects.node("worker-1", Map.of(), "10.244.1.0/24", "10.57.4.21")).create();
        IpAddress kept = assign("shop", "web-0", "worker-1");
        IpAddress gone = assign("shop", "web-1", "worker-1");
        IpAddress tunnel = ipam.tunnelAddress("worker-1");
        api.direct().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "web-0", "worker-1", Map.of("app", "web"), kept.toString()))
                .create();
        resources.create(KubeObjects.endpoint("shop", "web-0", "worker-1", kept.toString()));
        resources.create(KubeObjects.endpoint("shop", "web-1", "worker-1", gone.toString()));
        // web-1 existed and was deleted while no sync ran: Kubernetes never had it in this run.
        start();

        Collector.Result first = sync.collectNow();
        assertThat(first.addressesReleased()).isZero();
        assertThat(first.addressesInGrace()).isEqualTo(1);
        assertThat(first.endpointsDeleted()).isZero();
        assertThat(first.endpointsInGrace()).isEqualTo(1);
        assertThat(addresses()).containsExactlyInAnyOrder(kept, gone, tunnel);

        Await.until(Duration.ofSeconds(30), "web-1's address released", () -> {
            sync.collectNow();
            return !addresses().contains(gone);
        });
        assertThat(addresses()).containsExactlyInAnyOrder(kept, tunnel);
        assertThat(resources.list(WorkloadEndpoint.class).items()).extracting(s -> s.resource().spec().pod()).containsExactly("web-0");
        assertThat(ipam.checkConsistency().problems()).isEmpty();
    }

    @Test
    void anAddressWhosePodNowHasAnotherAddressOrRunsElsewhereIsReleasedAfterTheGrace() {
        ipam.createPool(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        api.direct().nodes().resource(KubeObjects.node("worker-1", Map.of(), "10.244.1.0/24", "10.57.4.21")).create();
        api.direct().nodes().resource(KubeObjects.node("worker-2", Map.of(), "10.244.2.0/24", "10.57.4.22")).create();
        IpAddress old = assign("shop", "db-0", "worker-1");
        // db-0 was recreated on worker-2 with a new address (a StatefulSet pod moved).
        IpAddress current = assign("shop", "db-0", "worker-2", "k8s-pod-network.db-0-second");
        api.direct().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "db-0", "worker-2", Map.of(), current.toString())).create();
        start();
        sync.collectNow();
        Await.until(Duration.ofSeconds(30), "the old address released", () -> {
            sync.collectNow();
            return !addresses().contains(old);
        });
        assertThat(addresses()).contains(current);
    }

    @Test
    void aNodeGoneFromKubernetesLosesItsAddressesBlocksAffinitiesNodeAndBgpConfigurationAfterTheGrace() {
        ipam.createPool(IPPool.of("default-ipv4", "10.244.0.0/16", 26));
        api.direct().nodes().resource(KubeObjects.node("worker-1", Map.of(), "10.244.1.0/24", "10.57.4.21")).create();
        api.direct().nodes().resource(KubeObjects.node("worker-2", Map.of(), "10.244.2.0/24", "10.57.4.22")).create();
        IpAddress onOne = assign("shop", "a", "worker-1");
        assign("shop", "b", "worker-2");
        api.direct().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "a", "worker-1", Map.of(), onOne.toString())).create();
        api.direct().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "b", "worker-2", Map.of(), null)).create();
        resources.create(new BGPConfiguration(ObjectMeta.named("node.worker-2"), new BGPConfiguration.Spec(null, null, null, null,
                null, null, null, null, null, null)));
        // A route reflector outside the cluster runs an agent too: its Node never came from Kubernetes.
        resources.create(new Node(ObjectMeta.named("rr-1"), null));
        ipam.claimBlock("rr-1", "default-ipv4");
        start();
        assertThat(resources.get(Node.class, "worker-2")).isPresent();

        api.direct().nodes().withName("worker-2").delete();
        api.direct().pods().inNamespace("shop").withName("b").delete();
        // Once the sync has seen the deletion, worker-2 is in its grace period: nothing is released yet.
        Await.until(Duration.ofSeconds(30), "worker-2 seen missing", () -> sync.collectNow().nodesInGrace() == 1);
        assertThat(resources.get(Node.class, "worker-2")).isPresent();
        assertThat(ipam.affinities()).extracting(a -> a.spec().node()).contains("worker-2");
        Await.until(Duration.ofSeconds(30), "worker-2 released", () -> sync.collectNow().nodesReleased().contains("worker-2")
                || resources.get(Node.class, "worker-2").isEmpty());
        assertThat(ipam.affinities()).extracting(a -> a.spec().node()).containsOnly("worker-1", "rr-1");
        assertThat(resources.get(Node.class, "rr-1")).isPresent();
        assertThat(ipam.allocations()).extracting(Allocation::address).containsExactly(onOne);
        assertThat(resources.get(Node.class, "worker-2")).isEmpty();
        assertThat(resources.get(Node.class, "worker-1")).isPresent();
        assertThat(resources.get(BGPConfiguration.class, "node.worker-2")).isEmpty();
    }

    private List<IpAddress> addresses() {
        return ipam.allocations().stream().map(Allocation::address).toList();
    }
}
