package io.muslin.agent.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.muslin.agent.config.AgentConfig;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.Durations;
import io.muslin.kube.KubeSyncLeader;
import io.muslin.kube.KubeSyncOptions;
import io.muslin.kube.LeaderElection;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code muslin kube-sync}: mirrors the Kubernetes API into the datastore and collects the IPAM
 * state of deleted pods and nodes, on one replica at a time (a Lease), until SIGTERM or SIGINT.
 */
@Command(name = "kube-sync", mixinStandardHelpOptions = true,
        description = {"Mirror Kubernetes nodes, namespaces, pod labels and network policies into the datastore and release the",
            "addresses, endpoints, blocks and affinities of deleted pods and nodes after the grace period (ipam.gcGrace).",
            "Replicas elect one leader through a coordination.k8s.io Lease. Runs until SIGTERM or SIGINT.",
            "Kubernetes is reached through --kubeconfig, else $KUBECONFIG or ~/.kube/config, else the pod's service account."})
final class KubeSyncCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)")
    Path kubeconfig;
    @Option(names = "--lease-namespace", paramLabel = "NS", description = "namespace of the Lease (default: $POD_NAMESPACE, else kube-system)")
    String leaseNamespace;
    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = LeaderElection.DEFAULT_LEASE,
            description = "name of the Lease (default: ${DEFAULT-VALUE})")
    String leaseName;
    @Option(names = "--identity", paramLabel = "ID", description = "this replica's name in the Lease (default: $POD_NAME, else the host name)")
    String identity;
    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "5m",
            description = "how often everything is compared with Kubernetes again (default: ${DEFAULT-VALUE})")
    String resync;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = config.load();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", cfg.logLevel().text());
        Duration resyncEvery;
        try {
            resyncEvery = Durations.parse(resync);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--resync: " + e.getMessage());
        }
        KubeSyncOptions options;
        LeaderElection election;
        try {
            options = KubeSyncOptions.defaults().withResync(resyncEvery)
                    .withGcInterval(cfg.ipam().gcInterval()).withGrace(cfg.ipam().gcGrace());
            election = LeaderElection.of(orEnv(leaseNamespace, "POD_NAMESPACE", "kube-system"), orEnv(identity, "POD_NAME", hostName()))
                    .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
            election = new LeaderElection(election.namespace(), leaseName, election.identity(), election.leaseDuration(),
                    election.renewDeadline(), election.retryPeriod());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
        Running.run(kubeconfig, cfg, options, election);
        return 0;
    }

    /**
     * The part that touches fabric8's types, apart from the command class: picocli reflects on the
     * command's methods when any {@code muslin} command starts, and should load no Kubernetes client
     * classes for commands that do not use them.
     */
    private static final class Running {
        static void run(Path kubeconfig, AgentConfig cfg, KubeSyncOptions options, LeaderElection election)
                throws InterruptedException {
            KubernetesClient kube = new KubernetesClientBuilder().withConfig(kubeConfig(kubeconfig)).build();
            Datastore store = openStore(cfg);
            KubeSyncLeader leader = KubeSyncLeader.start(kube, store, options, election);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                leader.close();
                kube.close();
                store.close();
                stopped.countDown();
            }, "muslin-kube-sync-shutdown"));
            stopped.await();
        }

        private static Config kubeConfig(Path kubeconfig) {
            if (kubeconfig == null) {
                return Config.autoConfigure(null);
            }
            try {
                return Config.fromKubeconfig(Files.readString(kubeconfig));
            } catch (IOException e) {
                throw CliException.badInput("--kubeconfig " + kubeconfig + ": cannot read it: " + e.getMessage());
            } catch (RuntimeException e) {
                throw CliException.badInput("--kubeconfig " + kubeconfig + ": " + e.getMessage());
            }
        }
    }

    private static Datastore openStore(AgentConfig cfg) {
        try {
            return switch (cfg.datastore()) {
                case AgentConfig.EtcdStore e -> EtcdDatastore.connect(e.etcd());
                case AgentConfig.FileStore f -> FileDatastore.open(f.directory());
            };
        } catch (DatastoreException | IllegalArgumentException | IllegalStateException e) {
            throw CliException.failed("cannot open the datastore " + cfg.datastore().describe() + ": " + e.getMessage());
        }
    }

    private static String orEnv(String option, String variable, String fallback) {
        if (option != null && !option.isEmpty()) {
            return option;
        }
        String v = System.getenv(variable);
        return v != null && !v.isEmpty() ? v : fallback;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "muslin-kube-sync";
        }
    }
}
