package io.muslin.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sync runs.
 *
 * @param resync how often every mirrored resource is compared with Kubernetes again (the informers'
 *     resync and the full reconcile that deletes what Kubernetes no longer has); 5 minutes by default
 * @param gcInterval how often IPAM garbage collection runs; 5 minutes by default
 * @param grace how long a pod or node must have been missing from Kubernetes before its addresses,
 *     endpoints, blocks and affinities are released; 15 minutes by default (Calico's leak grace period)
 * @param retry how soon a write that failed (datastore away, conflict) is tried again
 */
public record KubeSyncOptions(Duration resync, Duration gcInterval, Duration grace, Duration retry) {
    public KubeSyncOptions {
        Objects.requireNonNull(resync, "resync");
        Objects.requireNonNull(gcInterval, "gcInterval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(retry, "retry");
        positive("resync", resync);
        positive("gcInterval", gcInterval);
        positive("retry", retry);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: " + grace + " is negative");
        }
    }

    public static KubeSyncOptions defaults() {
        return new KubeSyncOptions(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofSeconds(5));
    }

    public KubeSyncOptions withResync(Duration d) {
        return new KubeSyncOptions(d, gcInterval, grace, retry);
    }

    public KubeSyncOptions withGcInterval(Duration d) {
        return new KubeSyncOptions(resync, d, grace, retry);
    }

    public KubeSyncOptions withGrace(Duration d) {
        return new KubeSyncOptions(resync, gcInterval, d, retry);
    }

    public KubeSyncOptions withRetry(Duration d) {
        return new KubeSyncOptions(resync, gcInterval, grace, d);
    }

    private static void positive(String field, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": " + d + " must be positive");
        }
    }
}
