package io.muslin.ipam;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.ForwardingDatastore;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store double with failure injection: each transaction (and each read) may fail as if etcd went
 * away — before it was applied, or after it was applied with the outcome lost. Counts what it did.
 */
final class FlakyDatastore extends ForwardingDatastore {
    private final double failureRate;
    final AtomicLong lostBefore = new AtomicLong();
    final AtomicLong lostAfter = new AtomicLong();
    final AtomicLong readFailures = new AtomicLong();

    FlakyDatastore(Datastore inner, double failureRate) {
        super(inner);
        this.failureRate = failureRate;
    }

    private boolean roll() {
        return ThreadLocalRandom.current().nextDouble() < failureRate;
    }

    private void maybeFailRead() {
        if (roll()) {
            readFailures.incrementAndGet();
            throw new DatastoreUnavailableException("injected: read failed", false, null);
        }
    }

    @Override
    public TxnResult commit(Txn txn) {
        if (roll()) {
            if (ThreadLocalRandom.current().nextBoolean()) {
                lostBefore.incrementAndGet();
                throw new DatastoreUnavailableException("injected: not applied, outcome unknown", true, null);
            }
            inner.commit(txn);
            lostAfter.incrementAndGet();
            throw new DatastoreUnavailableException("injected: applied, outcome lost", true, null);
        }
        return inner.commit(txn);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        maybeFailRead();
        return inner.get(key);
    }

    @Override
    public ListResult list(String prefix) {
        maybeFailRead();
        return inner.list(prefix);
    }

    @Override
    public List<String> keys(String prefix) {
        maybeFailRead();
        return inner.keys(prefix);
    }

    @Override
    public String describe() {
        return "flaky " + inner.describe();
    }
}
