package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.Namespace;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas against one API server and one datastore: one leads and syncs; when it stops, the other takes over. */
class LeaderElectionTest {
    static final Duration WAIT = Duration.ofSeconds(40);
    final KubeApi api = new KubeApi();
    final Datastore store = FileDatastore.inMemory();
    final ResourceStore resources = new ResourceStore(store);
    KubeSyncLeader a;
    KubeSyncLeader b;

    @AfterEach
    void tearDown() {
        for (KubeSyncLeader l : new KubeSyncLeader[] {a, b}) {
            if (l != null) {
                l.close();
            }
        }
        api.close();
        store.close();
    }

    private KubeSyncLeader replica(String identity) {
        LeaderElection e = LeaderElection.of("kube-system", identity)
                .withTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500));
        return KubeSyncLeader.start(api.client(), store, KubeSyncOptions.defaults().withRetry(Duration.ofMillis(200)), e);
    }

    @Test
    void twoReplicasHaveOneLeaderAndTheOtherTakesOverWhenItStops() throws Exception {
        api.direct().namespaces().resource(KubeObjects.namespace("shop", Map.of())).create();
        a = replica("replica-a");
        b = replica("replica-b");
        Await.until(WAIT, "a leader", () -> a.isLeader() || b.isLeader());
        Await.until(WAIT, "shop mirrored", () -> resources.get(Namespace.class, "shop").isPresent());
        // For a while, exactly one leads, and the Lease names it.
        for (int i = 0; i < 10; i++) {
            assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leader").isTrue();
            Thread.sleep(200);
        }
        KubeSyncLeader leader = a.isLeader() ? a : b;
        KubeSyncLeader other = leader == a ? b : a;
        String leaderName = leader == a ? "replica-a" : "replica-b";
        Lease lease = api.direct().leases().inNamespace("kube-system").withName(LeaderElection.DEFAULT_LEASE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leaderName);
        assertThat(other.sync()).isEmpty();

        leader.close();
        Await.until(WAIT, "the other replica leads", other::isLeader);
        api.direct().namespaces().resource(KubeObjects.namespace("billing", Map.of())).create();
        Await.until(WAIT, "billing mirrored by the new leader", () -> resources.get(Namespace.class, "billing").isPresent());
        assertThat(leader.isLeader()).isFalse();
        assertThat(List.of(a.isLeader(), b.isLeader())).containsOnlyOnce(true);
    }
}
