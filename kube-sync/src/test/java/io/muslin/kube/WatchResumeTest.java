package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync's connection to the API server breaks (every connection closed, new ones refused), the
 * cluster changes meanwhile, and when the connection returns the watches' resourceVersions are gone
 * (410): the informers re-list, and the datastore receives exactly the changes made meanwhile —
 * each once — and no write for anything that did not change.
 */
class WatchResumeTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final KubeApi api = new KubeApi();
    final Datastore store = FileDatastore.inMemory();
    final ResourceStore resources = new ResourceStore(store);
    KubeSync sync;
    Watch watch;

    @AfterEach
    void tearDown() {
        if (watch != null) {
            watch.close();
        }
        if (sync != null) {
            sync.close();
        }
        api.close();
        store.close();
    }

    @Test
    void aBrokenWatchAnswered410GoneReListsAndDeliversExactlyTheChangesMadeMeanwhile() throws Exception {
        KubernetesClient kube = api.direct();
        for (int i = 0; i < 5; i++) {
            kube.namespaces().resource(KubeObjects.namespace("ns-" + i, Map.of("n", "" + i))).create();
            kube.nodes().resource(KubeObjects.node("worker-" + i, Map.of("rack", "r" + i), "10.244." + i + ".0/24", "10.57.4." + (20 + i))).create();
            kube.network().v1().networkPolicies().resource(KubeObjects.policy("ns-" + i, "p", "web")).create();
        }
        kube.pods().inNamespace("ns-0").resource(KubeObjects.pod("ns-0", "web-0", "worker-0", Map.of("app", "web"), "10.244.0.5")).create();
        resources.create(KubeObjects.endpoint("ns-0", "web-0", "worker-0", "10.244.0.5"));
        sync = KubeSync.start(api.client(), store, KubeSyncOptions.defaults().withRetry(Duration.ofMillis(200)));
        sync.drain();
        Await.until(WAIT, "the endpoint labelled", () -> endpointLabels().equals(Map.of("app", "web")));
        long listsBefore = api.lists();

        List<String> events = new CopyOnWriteArrayList<>();
        watch = store.watch(resources.root(), store.revision() + 1, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                for (WatchEvent e : batch) {
                    events.add(e.type() + " " + e.key());
                }
            }
        });

        api.proxy().cut();
        kube.namespaces().withName("ns-1").edit(n -> {
            n.getMetadata().setLabels(Map.of("n", "one"));
            return n;
        });
        kube.namespaces().withName("ns-2").delete();
        kube.namespaces().resource(KubeObjects.namespace("ns-new", Map.of())).create();
        kube.nodes().withName("worker-3").edit(n -> {
            n.getMetadata().setLabels(Map.of("rack", "r33"));
            return n;
        });
        kube.network().v1().networkPolicies().inNamespace("ns-4").withName("p").delete();
        kube.network().v1().networkPolicies().resource(KubeObjects.policy("ns-0", "q", "api")).create();
        kube.pods().inNamespace("ns-0").withName("web-0").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "web", "v", "2"));
            return p;
        });
        // A namespace created and deleted while cut off never reaches the datastore.
        kube.namespaces().resource(KubeObjects.namespace("ns-fleeting", Map.of())).create();
        kube.namespaces().withName("ns-fleeting").delete();
        var marker = kube.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("marker")
                .endMetadata().build()).create();
        api.expireHistoryBelow(Long.parseLong(marker.getMetadata().getResourceVersion()));
        api.proxy().restore();

        Await.until(WAIT, "the changes made while cut off", () -> namespaceLabels("ns-1").equals(Map.of("n", "one"))
                && resources.get(Namespace.class, "ns-2").isEmpty() && resources.get(Namespace.class, "ns-new").isPresent()
                && resources.get(Node.class, "worker-3").map(n -> n.resource().metadata().labels().get("rack")).orElse("").equals("r33")
                && resources.get(NetworkPolicy.class, "ns-4", "p").isEmpty()
                && resources.get(NetworkPolicy.class, "ns-0", "q").isPresent()
                && endpointLabels().equals(Map.of("app", "web", "v", "2")));
        assertThat(api.goneAnswers()).as("watches answered 410 Gone").isPositive();
        assertThat(api.lists()).as("lists after the cut").isGreaterThan(listsBefore);
        // Whatever is still in flight: a full resync, then the event record must be exactly the changes.
        sync.resyncNow();
        sync.drain();
        String wep = KubeObjects.endpoint("ns-0", "web-0", "worker-0", "10.244.0.5").metadata().name();
        Await.until(WAIT, "the datastore's watch to catch up", () -> events.size() >= 7);
        Thread.sleep(300);
        assertThat(events.stream().sorted().collect(Collectors.toList())).containsExactlyInAnyOrder(
                "DELETE " + resources.key(NetworkPolicy.class, "ns-4", "p"),
                "DELETE " + resources.key(Namespace.class, null, "ns-2"),
                "PUT " + resources.key(Namespace.class, null, "ns-1"),
                "PUT " + resources.key(Namespace.class, null, "ns-new"),
                "PUT " + resources.key(NetworkPolicy.class, "ns-0", "q"),
                "PUT " + resources.key(Node.class, null, "worker-3"),
                "PUT " + resources.key(WorkloadEndpoint.class, "ns-0", wep));
    }

    private Map<String, String> namespaceLabels(String name) {
        return resources.get(Namespace.class, name).map(n -> n.resource().labels()).orElse(Map.of());
    }

    private Map<String, String> endpointLabels() {
        String name = KubeObjects.endpoint("ns-0", "web-0", "worker-0", "10.244.0.5").metadata().name();
        return resources.get(WorkloadEndpoint.class, "ns-0", name).map(w -> w.resource().metadata().labelsOrEmpty()).orElse(Map.of());
    }
}
