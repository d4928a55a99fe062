package io.muslin.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * Which Lease the replicas compete for and how ({@code coordination.k8s.io/v1}, the way client-go's
 * and fabric8's leader election use it): the holder renews every {@code retryPeriod}; if it cannot
 * renew within {@code renewDeadline} it steps down; another replica takes the lease once it has not
 * been renewed for {@code leaseDuration}.
 */
public record LeaderElection(String namespace, String leaseName, String identity, Duration leaseDuration,
                             Duration renewDeadline, Duration retryPeriod) {
    public static final String DEFAULT_LEASE = "muslin-kube-sync";

    public LeaderElection {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("identity: must not be empty");
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("renewDeadline: " + renewDeadline + " must be shorter than leaseDuration " + leaseDuration);
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("retryPeriod: " + retryPeriod + " must be shorter than renewDeadline " + renewDeadline);
        }
    }

    /** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
    public static LeaderElection of(String namespace, String identity) {
        return new LeaderElection(namespace, DEFAULT_LEASE, identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public LeaderElection withTimings(Duration lease, Duration renew, Duration retry) {
        return new LeaderElection(namespace, leaseName, identity, lease, renew, retry);
    }
}
