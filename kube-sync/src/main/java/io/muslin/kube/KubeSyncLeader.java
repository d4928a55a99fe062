package io.muslin.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.muslin.datastore.Datastore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link KubeSync} on one replica at a time: the replicas compete for a Lease through fabric8's
 * LeaderElector; the holder runs the sync, the others wait. A leader that loses the lease (it could
 * not renew in time) stops its sync at once and competes again; {@link #close()} stops the sync and
 * releases the lease, so another replica takes over without waiting for it to expire.
 */
public final class KubeSyncLeader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubeSyncLeader.class);
    private final KubernetesClient kube;
    private final Datastore store;
    private final KubeSyncOptions options;
    private final LeaderElection election;
    private final ExecutorService worker;
    private volatile LeaderElector elector;
    private volatile CompletableFuture<?> competing;
    private volatile KubeSync sync;
    private volatile boolean leading;
    private volatile String leader;
    private volatile boolean closed;

    private KubeSyncLeader(KubernetesClient kube, Datastore store, KubeSyncOptions options, LeaderElection election) {
        this.kube = kube;
        this.store = store;
        this.options = options;
        this.election = election;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("kube-sync-leader").daemon().factory());
    }

    /** Starts competing for the lease and returns at once. */
    public static KubeSyncLeader start(KubernetesClient kube, Datastore store, KubeSyncOptions options, LeaderElection election) {
        KubeSyncLeader l = new KubeSyncLeader(kube, store, options, election);
        l.compete();
        return l;
    }

    private void compete() {
        if (closed) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(election.leaseName())
                .withLock(new LeaseLock(election.namespace(), election.leaseName(), election.identity()))
                .withLeaseDuration(election.leaseDuration())
                .withRenewDeadline(election.renewDeadline())
                .withRetryPeriod(election.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
                .build();
        elector = kube.leaderElector().withConfig(config).build();
        competing = elector.start();
        competing.whenComplete((ok, error) -> {
            if (!closed) {
                log.info("{} is no longer competing for lease {}/{}{}; competing again", election.identity(), election.namespace(),
                        election.leaseName(), error == null ? "" : " (" + error.getMessage() + ")");
                worker.execute(this::compete);
            }
        });
    }

    private void startedLeading() {
        leading = true;
        log.info("{} leads (lease {}/{}): starting the Kubernetes sync", election.identity(), election.namespace(), election.leaseName());
        worker.execute(this::runSync);
    }

    private void runSync() {
        if (!leading || closed || sync != null) {
            return;
        }
        try {
            sync = KubeSync.start(kube, store, options);
        } catch (RuntimeException e) {
            log.error("the Kubernetes sync did not start: {} (trying again in {} s)", e.getMessage(), options.retry().toSeconds());
            CompletableFuture.delayedExecutor(options.retry().toMillis(), TimeUnit.MILLISECONDS, worker).execute(this::runSync);
        }
    }

    private void stoppedLeading() {
        leading = false;
        worker.execute(this::stopSync);
    }

    private void stopSync() {
        KubeSync s = sync;
        sync = null;
        if (s != null) {
            log.info("{} no longer leads: Kubernetes sync stopped", election.identity());
            s.close();
        }
    }

    private void newLeader(String identity) {
        leader = identity;
        if (!identity.equals(election.identity())) {
            log.info("the Kubernetes sync runs on {}", identity);
        }
    }

    /** Whether this replica holds the lease and runs the sync. */
    public boolean isLeader() {
        return leading && sync != null;
    }

    /** The identity of the replica that holds the lease, as last seen. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader);
    }

    /** This replica's sync while it leads. */
    public Optional<KubeSync> sync() {
        return Optional.ofNullable(sync);
    }

    /** Stops the sync and releases the lease. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> c = competing;
        if (c != null) {
            c.cancel(true);
        }
        leading = false;
        try {
            worker.submit(this::stopSync).get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            log.warn("stopping the Kubernetes sync: {}", ex.getMessage());
        }
        // Give the Lease up now, before the caller closes the client (the elector's own release on
        // cancel runs asynchronously); a replica that did not hold it changes nothing.
        LeaderElector e = elector;
        if (e != null) {
            try {
                if (e.release()) {
                    log.info("{} released lease {}/{}", election.identity(), election.namespace(), election.leaseName());
                }
            } catch (RuntimeException ex) {
                log.warn("could not release lease {}/{}: {} (the other replica takes over when it expires)", election.namespace(),
                        election.leaseName(), ex.getMessage());
            }
        }
        worker.shutdownNow();
    }
}
