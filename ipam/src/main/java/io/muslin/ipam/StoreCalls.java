package io.muslin.ipam;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Store calls that ride out an outage: reads and never-applied writes are retried with back-off
 * until the deadline; a write whose outcome is unknown comes back as {@link Optional#empty()} so
 * the caller can read back and decide (every IPAM write can be recognised afterwards).
 */
final class StoreCalls {
    private final Datastore store;
    private final Duration deadline;

    StoreCalls(Datastore store, Duration deadline) {
        this.store = store;
        this.deadline = deadline;
    }

    Datastore store() {
        return store;
    }

    <T> T read(Supplier<T> op) {
        long end = System.nanoTime() + deadline.toNanos();
        long backoff = 20;
        while (true) {
            try {
                return op.get();
            } catch (DatastoreUnavailableException e) {
                backoff = pause(end, backoff, e);
            }
        }
    }

    /** Commits; empty when the outcome is unknown (the write may or may not have been applied). */
    Optional<TxnResult> commit(Txn txn) {
        long end = System.nanoTime() + deadline.toNanos();
        long backoff = 20;
        while (true) {
            try {
                return Optional.of(store.commit(txn));
            } catch (DatastoreUnavailableException e) {
                if (e.mayHaveCommitted()) {
                    return Optional.empty();
                }
                backoff = pause(end, backoff, e);
            }
        }
    }

    private static long pause(long end, long backoff, DatastoreUnavailableException e) {
        if (System.nanoTime() + backoff * 1_000_000 > end) {
            throw new IpamException("store unavailable for too long: " + e.getMessage(), e);
        }
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IpamException("interrupted while waiting for the store", ie);
        }
        return Math.min(backoff * 2, 1000);
    }
}
