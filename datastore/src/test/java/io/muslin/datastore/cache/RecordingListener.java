package io.muslin.datastore.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Records everything an informer says, in order, and lets a test wait for a condition. */
final class RecordingListener<R extends Resource> implements InformerListener<R> {
    /** One onEvents call. */
    record Batch<R extends Resource>(List<ResourceEvent<R>> events, long revision) {}

    final List<Batch<R>> batches = Collections.synchronizedList(new ArrayList<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> connection = Collections.synchronizedList(new ArrayList<>());
    final List<String> undecodable = Collections.synchronizedList(new ArrayList<>());
    volatile CacheSnapshot<R> synced;
    private final Object signal = new Object();

    @Override
    public void onEvents(List<ResourceEvent<R>> events, long revision) {
        batches.add(new Batch<>(events, revision));
        calls.add("events@" + revision);
        poke();
    }

    @Override
    public void onSynced(CacheSnapshot<R> snapshot) {
        synced = snapshot;
        calls.add("synced@" + snapshot.revision());
        poke();
    }

    @Override
    public void onConnectionChange(boolean connected, String reason) {
        connection.add((connected ? "up: " : "down: ") + reason);
        calls.add(connected ? "up" : "down");
        poke();
    }

    @Override
    public void onUndecodable(String key, long revision, String reason) {
        undecodable.add(key + "@" + revision + ": " + reason);
        poke();
    }

    private void poke() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Every change delivered, in order. */
    List<ResourceEvent<R>> allEvents() {
        synchronized (batches) {
            return batches.stream().flatMap(b -> b.events().stream()).toList();
        }
    }

    /** Every change delivered after the first batch, in order. */
    List<ResourceEvent<R>> eventsAfterFirstBatch() {
        synchronized (batches) {
            return batches.stream().skip(1).flatMap(b -> b.events().stream()).toList();
        }
    }

    void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
                signal.wait(50);
            }
        }
        assertThat(condition.getAsBoolean()).as("waited %s for %s; calls %s, connection %s", timeout, what, calls, connection)
                .isTrue();
    }
}
