package io.muslin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.kube.KubeSyncLeader;
import io.muslin.kube.KubeSyncOptions;
import io.muslin.kube.LeaderElection;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * kube-sync's RBAC rules are exactly what it does: the sync and its leader election run against
 * fabric8's mock API server, every request is recorded and turned into (API group, resource, verb,
 * namespace), and the set must equal what the ClusterRole (cluster-wide) and the Role (its own
 * namespace) grant — nothing used without a rule, no rule unused.
 */
class RbacTest {
    record Access(String group, String resource, String verb, String namespace) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb + (namespace == null ? "" : " in " + namespace);
        }
    }

    @Test
    void kubeSyncUsesExactlyWhatItsRolesGrant() {
        Set<Access> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Access a = access(request.getMethod(), request.getPath());
                if (a != null) {
                    used.add(a);
                }
                return crud.dispatch(request);
            }
        }, false);
        server.init();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getPort()).build();
        try (KubernetesClient kube = new KubernetesClientBuilder().withConfig(config).build();
             var store = FileDatastore.inMemory()) {
            kube.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("worker-1").endMetadata()
                    .build()).create();
            used.clear();
            LeaderElection election = LeaderElection.of("kube-system", "replica-a")
                    .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
            KubeSyncLeader leader = KubeSyncLeader.start(kube, store, KubeSyncOptions.defaults(), election);
            try {
                Await.until(Duration.ofSeconds(30), "kube-sync leads and runs", leader::isLeader);
                // Renewals happen: the lease is read and updated at least once more.
                Await.until(Duration.ofSeconds(30), "the lease renewed (seen so far: " + used + ")",
                        () -> used.stream().anyMatch(a -> a.resource().equals("leases") && a.verb().equals("patch")));
                leader.sync().orElseThrow().drain();
            } finally {
                leader.close();
            }
        } finally {
            try {
                server.destroy();
            } catch (IllegalStateException e) {
                // the mock's fixed 10 s wait for its vert.x to stop; not what this test examines
            }
        }

        Manifests base = Manifests.ofBase();
        Set<Access> granted = new TreeSet<>(java.util.Comparator.comparing(Access::toString));
        granted.addAll(grants(base.get("ClusterRole", "muslin-kube-sync"), null));
        granted.addAll(grants(base.get("Role", "muslin-kube-sync-leader"), "kube-system"));
        Set<Access> usedSorted = new TreeSet<>(java.util.Comparator.comparing(Access::toString));
        usedSorted.addAll(used);
        assertThat(usedSorted).as("requests kube-sync made").containsExactlyElementsOf(granted);
        // The bindings give these roles to kube-sync's account.
        assertThat(base.get("ClusterRoleBinding", "muslin-kube-sync").path("subjects").findValuesAsText("name")).containsExactly("muslin-kube-sync");
        assertThat(base.get("RoleBinding", "muslin-kube-sync-leader").path("subjects").findValuesAsText("name"))
                .containsExactly("muslin-kube-sync");
    }

    private static Set<Access> grants(JsonNode role, String namespace) {
        Set<Access> s = new java.util.HashSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode g : rule.path("apiGroups")) {
                for (JsonNode r : rule.path("resources")) {
                    for (JsonNode v : rule.path("verbs")) {
                        s.add(new Access(g.asText(), r.asText(), v.asText(), namespace));
                    }
                }
            }
        }
        return s;
    }

    /** The RBAC view of one request (as the API server's request-info resolver sees it). */
    static Access access(String method, String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        boolean watch = pathAndQuery.contains("watch=true");
        String[] p = path.substring(1).split("/");
        int i;
        String group;
        if (p[0].equals("api")) {
            group = "";
            i = 2;
        } else if (p[0].equals("apis")) {
            group = p[1];
            i = 3;
        } else {
            return null;
        }
        String namespace = null;
        if (p.length > i + 2 && p[i].equals("namespaces")) {
            namespace = p[i + 1];
            i += 2;
        }
        if (p.length <= i) {
            return null;
        }
        String resource = p[i];
        boolean named = p.length > i + 1;
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new Access(group, resource, verb, namespace);
    }
}
