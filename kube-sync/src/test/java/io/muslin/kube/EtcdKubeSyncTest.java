package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same mirroring against a real etcd (Debian's, on loopback): every kind created, updated and deleted. */
class EtcdKubeSyncTest {
    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void everyKindIsCreatedUpdatedAndDeletedInEtcd() {
        try (KubeApi api = new KubeApi(); EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()))) {
            ResourceStore resources = new ResourceStore(store);
            var kube = api.direct();
            kube.nodes().resource(KubeObjects.node("worker-1", Map.of("rack", "r1"), "10.244.1.0/24", "10.57.4.21")).create();
            kube.namespaces().resource(KubeObjects.namespace("shop", Map.of("team", "a"))).create();
            kube.network().v1().networkPolicies().resource(KubeObjects.policy("shop", "db", "web")).create();
            kube.pods().inNamespace("shop").resource(KubeObjects.pod("shop", "web-0", "worker-1", Map.of("app", "web"), "10.244.1.5")).create();
            String wep = KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5").metadata().name();
            resources.create(KubeObjects.endpoint("shop", "web-0", "worker-1", "10.244.1.5"));
            try (KubeSync sync = KubeSync.start(api.client(), store, KubeSyncOptions.defaults().withRetry(Duration.ofMillis(200)))) {
                Await.until(WAIT, "everything mirrored", () -> resources.get(Node.class, "worker-1").isPresent()
                        && resources.get(Namespace.class, "shop").isPresent() && resources.get(NetworkPolicy.class, "shop", "db").isPresent()
                        && resources.get(WorkloadEndpoint.class, "shop", wep).map(w -> w.resource().metadata().labelsOrEmpty())
                        .orElse(Map.of()).equals(Map.of("app", "web")));

                kube.nodes().withName("worker-1").edit(n -> {
                    n.getMetadata().setLabels(Map.of("rack", "r2"));
                    return n;
                });
                kube.namespaces().withName("shop").edit(n -> {
                    n.getMetadata().setLabels(Map.of("team", "b"));
                    return n;
                });
                kube.network().v1().networkPolicies().resource(KubeObjects.policy("shop", "db", "api")).update();
                kube.pods().inNamespace("shop").withName("web-0").edit(p -> {
                    p.getMetadata().setLabels(Map.of("app", "api"));
                    return p;
                });
                Await.until(WAIT, "every update", () -> "r2".equals(resources.get(Node.class, "worker-1").orElseThrow().resource()
                        .metadata().labels().get("rack"))
                        && resources.get(Namespace.class, "shop").orElseThrow().resource().labels().equals(Map.of("team", "b"))
                        && resources.get(NetworkPolicy.class, "shop", "db").orElseThrow().resource().spec().ingress().getFirst()
                        .from().getFirst().podSelector().matchLabels().equals(Map.of("app", "api"))
                        && resources.get(WorkloadEndpoint.class, "shop", wep).orElseThrow().resource().metadata().labels()
                        .equals(Map.of("app", "api")));

                kube.network().v1().networkPolicies().inNamespace("shop").withName("db").delete();
                kube.pods().inNamespace("shop").withName("web-0").delete();
                kube.namespaces().withName("shop").delete();
                Await.until(WAIT, "every delete", () -> resources.get(NetworkPolicy.class, "shop", "db").isEmpty()
                        && resources.get(WorkloadEndpoint.class, "shop", wep).isEmpty()
                        && resources.get(Namespace.class, "shop").isEmpty());
                assertThat(sync.stats().errors()).isZero();
            }
        }
    }
}
