package io.muslin.datastore.cache;

import java.time.Duration;

/**
 * How an {@link Informer} behaves.
 *
 * @param retryInitial     first wait before listing again after a failed list, doubled up to {@code retryMax}
 * @param retryMax         longest wait between list attempts
 * @param progressInterval when no change came for this long, ask the store for a progress report
 *                         (keeps {@link InformerStats#storeRevision()} fresh); zero turns it off
 */
public record InformerOptions(Duration retryInitial, Duration retryMax, Duration progressInterval) {
    public InformerOptions {
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("informer retry: need 0 < retryInitial <= retryMax, got " + retryInitial
                    + " and " + retryMax);
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("informer progressInterval must not be negative, got " + progressInterval);
        }
    }

    /** Retry 100 ms doubling to 5 s; a progress report after 10 s without changes. */
    public static InformerOptions defaults() {
        return new InformerOptions(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public InformerOptions withRetry(Duration initial, Duration max) {
        return new InformerOptions(initial, max, progressInterval);
    }

    public InformerOptions withProgressInterval(Duration d) {
        return new InformerOptions(retryInitial, retryMax, d);
    }
}
