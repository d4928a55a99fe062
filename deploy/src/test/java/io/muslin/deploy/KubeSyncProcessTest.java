package io.muslin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.Namespace;
import io.muslin.testing.Await;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code muslin kube-sync} as the Deployment runs it — the real launcher, the configuration from
 * {@code MUSLIN_CONFIG} and {@code MUSLIN_ETCD_ENDPOINTS}, the pod's name and namespace from
 * {@code POD_NAME}/{@code POD_NAMESPACE} — against fabric8's mock API server and a real etcd: it
 * takes the Lease, mirrors a namespace, and on SIGTERM stops and gives the Lease up.
 */
class KubeSyncProcessTest {
    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();
    static final Path BIN = Manifests.DEPLOY.resolve("../bin/muslin").normalize();
    static final Path JAR = Manifests.DEPLOY.resolve("../node-agent/target/muslin-node-agent.jar").normalize();

    @Test
    void theDeploymentsCommandLeadsMirrorsAndStepsDownOnSigterm() throws Exception {
        Prerequisites.require(Files.exists(JAR) ? null : JAR + " is missing (mvn -pl node-agent -am package)");
        KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        Path dir = Files.createTempDirectory("muslin-kube-sync");
        Process p = null;
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getPort()).build();
        try (KubernetesClient kube = new KubernetesClientBuilder().withConfig(config).build();
             EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()))) {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: sync, user: {token: "t"}}]
                    contexts: [{name: mock, context: {cluster: mock, user: sync}}]
                    current-context: mock
                    """.formatted(server.getPort()));
            Path muslinYaml = dir.resolve("muslin.yaml");
            Files.writeString(muslinYaml, "logLevel: info\n");
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();

            ProcessBuilder pb = new ProcessBuilder(BIN.toString(), "kube-sync", "--kubeconfig", kubeconfig.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MUSLIN_") || k.equals("KUBECONFIG"));
            pb.environment().putAll(Map.of("MUSLIN_CONFIG", muslinYaml.toString(), "MUSLIN_ETCD_ENDPOINTS", ETCD.endpoint(),
                    "POD_NAME", "muslin-kube-sync-7d9f", "POD_NAMESPACE", "kube-system", "MUSLIN_AOT", "0"));
            p = pb.start();

            ResourceStore resources = new ResourceStore(store);
            Process running = p;
            Await.until(Duration.ofSeconds(60), "namespace shop mirrored (log: " + dir.resolve("log") + ")",
                    () -> !running.isAlive() || resources.get(Namespace.class, "shop").isPresent());
            assertThat(p.isAlive()).as(Files.readString(dir.resolve("log"))).isTrue();
            Lease lease = kube.leases().inNamespace("kube-system").withName("muslin-kube-sync").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("muslin-kube-sync-7d9f");

            p.destroy();   // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            String log = Files.readString(dir.resolve("log"));
            // 128 + 15: the JVM ends with the signal's status once its shutdown hook (which releases the Lease) ran.
            assertThat(p.exitValue()).as(log).isEqualTo(143);
            assertThat(log).contains("leads").contains("Kubernetes sync stopped").contains("released lease").doesNotContain("Exception")
                    .doesNotContain("WARN KubeSync").doesNotContain("ERROR");
            Lease after = kube.leases().inNamespace("kube-system").withName("muslin-kube-sync").get();
            // Given up as fabric8's LeaderElector releases: the lease cut to one second from now, so that
            // another replica takes it at its next try (while it held it, it was 15 s).
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
            assertThat(after.getSpec().getLeaseDurationSeconds()).as("the lease given up: " + after.getSpec()).isEqualTo(1);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                server.destroy();
            } catch (IllegalStateException e) {
                // the mock's fixed 10 s wait for its vert.x to stop; not what this test examines
            }
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aBadResyncIsRefusedNamingTheOption() throws Exception {
        Prerequisites.require(Files.exists(JAR) ? null : JAR + " is missing (mvn -pl node-agent -am package)");
        ProcessBuilder pb = new ProcessBuilder(BIN.toString(), "kube-sync", "--resync", "soon").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MUSLIN_"));
        pb.environment().putAll(Map.of("MUSLIN_ETCD_ENDPOINTS", "http://127.0.0.1:9", "MUSLIN_AOT", "0"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out.strip()).startsWith("muslin: --resync: 'soon' is not a duration");
    }
}
