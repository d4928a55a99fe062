package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IntOrString;
import io.muslin.datastore.model.LabelSelector;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create, update and delete of each kind in the mock API server reach the datastore (the embedded store, in memory). */
class KubeSyncTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    KubeApi api;
    Datastore store;
    ResourceStore resources;
    KubeSync sync;

    @BeforeEach
    void setUp() {
        api = new KubeApi();
        store = FileDatastore.inMemory();
        resources = new ResourceStore(store);
    }

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        api.close();
        store.close();
    }

    KubeSync start() {
        sync = KubeSync.start(api.client(), store, KubeSyncOptions.defaults().withRetry(Duration.ofMillis(200)));
        return sync;
    }

    KubernetesClient kube() {
        return api.direct();
    }

    @Test
    void nodesAreMirroredWithLabelsAddressesAndPodCidrsKeepingTheAgentsSpecAndHandSetLabels() {
        kube().nodes().resource(KubeObjects.node("worker-1", Map.of("rack", "r1", "zone", "a"), "10.244.1.0/24", "10.57.4.21")).create();
        // The agent registered its BGP identity before, and an operator put a label on the datastore node.
        resources.create(new Node(new ObjectMeta("worker-2", null, Map.of("muslin.io/route-reflector", "true"), null, null),
                new Node.Spec(new Node.BGP(65010L, "10.57.4.22/24", null, null, null), null, null, null)));
        kube().nodes().resource(KubeObjects.node("worker-2", Map.of("rack", "r2"), "10.244.2.0/24", "10.57.4.22")).create();
        start();

        Node n1 = node("worker-1");
        assertThat(n1.metadata().labels()).isEqualTo(Map.of("rack", "r1", "zone", "a"));
        assertThat(n1.metadata().annotations()).containsEntry(Mirrors.POD_CIDRS, "10.244.1.0/24")
                .containsEntry(Mirrors.INTERNAL_IPS, "10.57.4.21");
        Node n2 = node("worker-2");
        assertThat(n2.metadata().labels()).isEqualTo(Map.of("rack", "r2", "muslin.io/route-reflector", "true"));
        assertThat(n2.spec().bgp().asNumber()).isEqualTo(65010L);

        // Update: a label changes, one goes; the hand-set label and the spec stay.
        kube().nodes().withName("worker-2").edit(n -> {
            n.getMetadata().setLabels(Map.of("rack", "r3"));
            return n;
        });
        Await.until(WAIT, "worker-2's new labels", () -> node("worker-2").metadata().labels()
                .equals(Map.of("rack", "r3", "muslin.io/route-reflector", "true")));
        assertThat(node("worker-2").spec().bgp().ipv4Address()).isEqualTo("10.57.4.22/24");
    }

    @Test
    void namespacesAreCreatedUpdatedAndDeleted() {
        kube().namespaces().resource(KubeObjects.namespace("shop", Map.of("team", "a"))).create();
        start();
        assertThat(namespace("shop")).map(Namespace::labels).contains(Map.of("team", "a"));
        // A namespace written straight to the datastore is not Kubernetes' to delete.
        resources.create(Namespace.of("lab", Map.of()));

        kube().namespaces().resource(KubeObjects.namespace("billing", Map.of())).create();
        Await.until(WAIT, "namespace billing", () -> namespace("billing").isPresent());
        kube().namespaces().withName("shop").edit(n -> {
            n.getMetadata().setLabels(Map.of("team", "b"));
            return n;
        });
        Await.until(WAIT, "shop relabelled", () -> namespace("shop").map(Namespace::labels).equals(Optional.of(Map.of("team", "b"))));
        kube().namespaces().withName("shop").delete();
        Await.until(WAIT, "shop deleted", () -> namespace("shop").isEmpty());
        sync.resyncNow();
        assertThat(namespace("lab")).isPresent();
        assertThat(namespace("billing")).isPresent();
    }

    @Test
    void networkPoliciesAreMirroredWithoutServerMetadataAndFollowUpdatesAndDeletes() {
        kube().network().v1().networkPolicies().resource(KubeObjects.policy("shop", "db-from-web", "web")).create();
        start();
        NetworkPolicy p = policy("shop", "db-from-web").orElseThrow();
        assertThat(p.metadata().annotations()).isEqualTo(Map.of("team", "storage", Mirrors.MIRRORED, Mirrors.FROM_KUBERNETES));
        assertThat(p.spec().podSelector()).isEqualTo(new LabelSelector(Map.of("app", "db"), null));
        assertThat(p.spec().ingress()).singleElement().satisfies(rule -> {
            assertThat(rule.from()).singleElement().satisfies(peer ->
                    assertThat(peer.podSelector()).isEqualTo(new LabelSelector(Map.of("app", "web"), null)));
            assertThat(rule.ports()).singleElement().satisfies(port -> {
                assertThat(port.protocol()).isEqualTo("TCP");
                assertThat(port.port()).isEqualTo(IntOrString.of(5432));
            });
        });

        kube().network().v1().networkPolicies().resource(KubeObjects.policy("shop", "db-from-web", "api")).update();
        Await.until(WAIT, "the policy's new peer", () -> policy("shop", "db-from-web").map(x ->
                x.spec().ingress().getFirst().from().getFirst().podSelector().matchLabels()).equals(Optional.of(Map.of("app", "api"))));
        kube().network().v1().networkPolicies().inNamespace("shop").withName("db-from-web").delete();
        Await.until(WAIT, "the policy deleted", () -> policy("shop", "db-from-web").isEmpty());
    }

    @Test
    void aPolicyTheDatastoreRefusesIsReportedAndTheOthersStillArrive() {
        var bad = KubeObjects.policy("shop", "bad", "web");
        bad.getSpec().getIngress().getFirst().getPorts().getFirst().setProtocol("ICMP");
        kube().network().v1().networkPolicies().resource(bad).create();
        kube().network().v1().networkPolicies().resource(KubeObjects.policy("shop", "good", "web")).create();
        start();
        assertThat(policy("shop", "good")).isPresent();
        assertThat(policy("shop", "bad")).isEmpty();
        assertThat(sync.stats().errors()).isPositive();
        assertThat(sync.stats().lastError()).contains("shop/bad").contains("spec.ingress[0].ports[0].protocol");
    }

    @Test
    void podLabelsAndNamedPortsReachTheEndpointTheCniPluginWrote() {
        kube().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "web-0", "worker-1", Map.of("app", "web"), "10.244.1.5")).create();
        start();
        // The CNI plugin writes the endpoint (without labels) after the sync saw the pod.
        resources.create(KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5"));
        String name = KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5").metadata().name();
        Await.until(WAIT, "the endpoint's labels", () -> endpoint("shop", name).map(w -> w.metadata().labelsOrEmpty())
                .equals(Optional.of(Map.of("app", "web"))));
        WorkloadEndpoint w = endpoint("shop", name).orElseThrow();
        assertThat(w.ports()).containsExactly(new WorkloadEndpoint.Port("http", "TCP", 8080));
        assertThat(w.spec().interfaceName()).isEqualTo(KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5").spec().interfaceName());
        assertThat(w.spec().ipNetworks()).containsExactly("10.244.1.5/32");

        kube().pods().inNamespace("shop").withName("web-0").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "web", "version", "2"));
            return p;
        });
        Await.until(WAIT, "the endpoint relabelled", () -> endpoint("shop", name).map(x -> x.metadata().labelsOrEmpty())
                .equals(Optional.of(Map.of("app", "web", "version", "2"))));
        kube().pods().inNamespace("shop").withName("web-0").delete();
        Await.until(WAIT, "the endpoint deleted with its pod", () -> endpoint("shop", name).isEmpty());
    }

    @Test
    void anEndpointTheCniPluginDeletedIsNeverWrittenAgain() {
        kube().pods().inNamespace("shop").resource(KubeObjects.pod("shop", "web-0", "worker-1", Map.of("app", "web"), "10.244.1.5")).create();
        resources.create(KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5"));
        String name = KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5").metadata().name();
        start();
        Await.until(WAIT, "the endpoint's labels", () -> endpoint("shop", name).map(w -> w.metadata().labelsOrEmpty())
                .equals(Optional.of(Map.of("app", "web"))));
        // The CNI plugin's DEL (a container restart) while the pod itself stays; then the pod changes.
        resources.delete(WorkloadEndpoint.class, "shop", name);
        kube().pods().inNamespace("shop").withName("web-0").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "web", "version", "3"));
            return p;
        });
        sync.resyncNow();
        sync.drain();
        assertThat(endpoint("shop", name)).isEmpty();
    }

    Node node(String name) {
        return resources.get(Node.class, name).map(Stored::resource).orElseThrow(() -> new AssertionError("no Node " + name));
    }

    Optional<Namespace> namespace(String name) {
        return resources.get(Namespace.class, name).map(Stored::resource);
    }

    Optional<NetworkPolicy> policy(String namespace, String name) {
        return resources.get(NetworkPolicy.class, namespace, name).map(Stored::resource);
    }

    Optional<WorkloadEndpoint> endpoint(String namespace, String name) {
        return resources.get(WorkloadEndpoint.class, namespace, name).map(Stored::resource);
    }
}
