package io.muslin.datastore.cache;

import java.time.Duration;

/**
 * An informer's counters, for the agent's metrics.
 *
 * @param synced             the first list has been applied
 * @param connected          the store is reachable as far as the informer knows
 * @param reconnects         times the store came back after it was lost (watch resumed or list succeeded)
 * @param relists            lists after the first (the watch's history was compacted away)
 * @param storeRevision      the highest store revision the informer has heard of (lists, events, progress reports)
 * @param deliveredRevision  the revision up to which changes have been handed to the listener
 * @param eventsDelivered    changes handed to the listener
 * @param undecodable        stored values that were not valid resources
 * @param listenerErrors     exceptions thrown by the listener (logged, the informer goes on)
 * @param queued             batches received and not yet handed to the listener
 * @param deliveries         batches (and progress reports) handed on; the delay figures count these
 * @param lastDeliveryDelay  for the last one: from its arrival from the store until the listener returned
 * @param maxDeliveryDelay   the longest such delay
 * @param totalDeliveryDelay the sum of all such delays (with {@code deliveries}: a mean, or a Prometheus summary)
 */
public record InformerStats(boolean synced, boolean connected, long reconnects, long relists, long storeRevision,
                            long deliveredRevision, long eventsDelivered, long undecodable, long listenerErrors, int queued,
                            long deliveries, Duration lastDeliveryDelay, Duration maxDeliveryDelay,
                            Duration totalDeliveryDelay) {
    /** How many store revisions the listener is behind what the informer has heard of. */
    public long lagRevisions() {
        return Math.max(0, storeRevision - deliveredRevision);
    }
}
