package io.muslin.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Datastore} must show; run against etcd and against the embedded store.
 * Each test works under its own random key prefix.
 */
public abstract class DatastoreContractTest {
    protected Datastore store;
    protected String p;

    /** A store for one test; may be shared across tests (keys are isolated by prefix). */
    protected abstract Datastore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        p = "/test/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void tearDown() {
        closeStore(store);
    }

    protected void closeStore(Datastore s) {
        s.close();
    }

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getOfMissingKeyIsEmpty() {
        assertThat(store.get(p + "nothing")).isEmpty();
    }

    @Test
    void createThenGetCarriesRevisions() {
        long rev = store.create(p + "a", b("one"));
        KeyValue kv = store.get(p + "a").orElseThrow();
        assertThat(kv.valueAsString()).isEqualTo("one");
        assertThat(kv.createRevision()).isEqualTo(rev);
        assertThat(kv.modRevision()).isEqualTo(rev);
        assertThat(kv.version()).isEqualTo(1);
        assertThat(store.revision()).isGreaterThanOrEqualTo(rev);
    }

    @Test
    void createIfAbsentRefusesExistingKey() {
        store.create(p + "a", b("one"));
        assertThatThrownBy(() -> store.create(p + "a", b("two")))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(p + "a");
        assertThat(store.get(p + "a").orElseThrow().valueAsString()).isEqualTo("one");
    }

    @Test
    void updateIsCompareAndSwapOnModRevision() {
        long r1 = store.create(p + "a", b("one"));
        long r2 = store.update(p + "a", b("two"), r1);
        assertThat(r2).isGreaterThan(r1);
        assertThatThrownBy(() -> store.update(p + "a", b("stale"), r1))
                .isInstanceOf(RevisionConflictException.class).hasMessageContaining(p + "a");
        KeyValue kv = store.get(p + "a").orElseThrow();
        assertThat(kv.valueAsString()).isEqualTo("two");
        assertThat(kv.createRevision()).isEqualTo(r1);
        assertThat(kv.version()).isEqualTo(2);
    }

    @Test
    void updateOfMissingKeyConflicts() {
        assertThatThrownBy(() -> store.update(p + "none", b("x"), 5)).isInstanceOf(RevisionConflictException.class);
        assertThat(store.get(p + "none")).isEmpty();
    }

    @Test
    void deleteWithAndWithoutRevision() {
        long r = store.create(p + "a", b("one"));
        store.create(p + "b", b("two"));
        assertThatThrownBy(() -> store.delete(p + "a", r - 1)).isInstanceOf(RevisionConflictException.class);
        store.delete(p + "a", r);
        assertThat(store.get(p + "a")).isEmpty();
        assertThat(store.delete(p + "b")).isTrue();
        assertThat(store.delete(p + "b")).isFalse();
    }

    @Test
    void putOverwrites() {
        store.put(p + "a", b("one"));
        store.put(p + "a", b("two"));
        assertThat(store.get(p + "a").orElseThrow().valueAsString()).isEqualTo("two");
    }

    @Test
    void listByPrefixIsSortedAndBounded() {
        store.create(p + "x/2", b("2"));
        store.create(p + "x/1", b("1"));
        store.create(p + "x/10", b("10"));
        store.create(p + "y/1", b("other"));
        store.create(p + "x", b("parent"));
        ListResult r = store.list(p + "x/");
        assertThat(r.items()).extracting(KeyValue::key).containsExactly(p + "x/1", p + "x/10", p + "x/2");
        assertThat(r.revision()).isGreaterThanOrEqualTo(r.items().stream().mapToLong(KeyValue::modRevision).max().orElse(0));
        assertThat(store.list(p + "z/").items()).isEmpty();
        assertThat(store.keys(p + "x/")).containsExactly(p + "x/1", p + "x/10", p + "x/2");
    }

    @Test
    void transactionAppliesAllOrNothingAtOneRevision() {
        long ra = store.create(p + "a", b("a1"));
        TxnResult ok = store.commit(Txn.builder()
                .when(Compare.modRevision(p + "a", ra)).when(Compare.absent(p + "b"))
                .then(Op.put(p + "a", b("a2"))).then(Op.put(p + "b", b("b1"))).then(Op.put(p + "c", b("c1")))
                .build());
        assertThat(ok.succeeded()).isTrue();
        assertThat(store.get(p + "a").orElseThrow().modRevision()).isEqualTo(ok.revision());
        assertThat(store.get(p + "b").orElseThrow().modRevision()).isEqualTo(ok.revision());
        assertThat(store.get(p + "c").orElseThrow().modRevision()).isEqualTo(ok.revision());

        TxnResult failed = store.commit(Txn.builder()
                .when(Compare.modRevision(p + "a", ra)).when(Compare.absent(p + "d"))
                .then(Op.put(p + "d", b("never"))).then(Op.delete(p + "b"))
                .otherwise(Op.get(p + "a")).otherwise(Op.get(p + "missing"))
                .build());
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.reads()).hasSize(2);
        assertThat(failed.reads().get(0).orElseThrow().valueAsString()).isEqualTo("a2");
        assertThat(failed.reads().get(1)).isEmpty();
        assertThat(store.get(p + "d")).isEmpty();
        assertThat(store.get(p + "b")).isPresent();
    }

    @Test
    void transactionPresentCompareAndDelete() {
        store.create(p + "a", b("a"));
        TxnResult r = store.commit(Txn.builder().when(Compare.present(p + "a")).then(Op.delete(p + "a")).build());
        assertThat(r.succeeded()).isTrue();
        TxnResult again = store.commit(Txn.builder().when(Compare.present(p + "a")).then(Op.delete(p + "a")).build());
        assertThat(again.succeeded()).isFalse();
    }

    @Test
    void watchFromRevisionReplaysHistoryThenFollows() throws Exception {
        long r1 = store.create(p + "w/a", b("1"));
        store.put(p + "w/a", b("2"));
        store.create(p + "other", b("ignored"));
        store.delete(p + "w/a");
        Recorder rec = new Recorder();
        try (Watch w = store.watch(p + "w/", r1, rec)) {
            store.commit(Txn.builder().then(Op.put(p + "w/b", b("3"))).then(Op.put(p + "w/c", b("4"))).build());
            List<WatchEvent> got = rec.await(5);
            assertThat(got).extracting(e -> e.type() + " " + e.key().substring(p.length()) + " " + new String(e.value()))
                    .containsExactly("PUT w/a 1", "PUT w/a 2", "DELETE w/a ", "PUT w/b 3", "PUT w/c 4");
            assertThat(got.get(3).modRevision()).isEqualTo(got.get(4).modRevision());
            assertThat(got).extracting(WatchEvent::modRevision).isSorted();
            awaitRevision(w, got.getLast().modRevision());
        }
    }

    @Test
    void watchFromNowSeesOnlyNewChanges() throws Exception {
        store.create(p + "w/old", b("old"));
        Recorder rec = new Recorder();
        try (Watch w = store.watch(p + "w/", 0, rec)) {
            store.create(p + "w/new", b("new"));
            assertThat(rec.await(1)).extracting(WatchEvent::key).containsExactly(p + "w/new");
        }
    }

    @Test
    void watchEventsCarryThePreviousValueAndCreation() throws Exception {
        Recorder rec = new Recorder();
        try (Watch w = store.watch(p + "w/", 0, rec)) {
            long r1 = store.create(p + "w/a", b("1"));
            long r2 = store.update(p + "w/a", b("2"), r1);
            store.delete(p + "w/a");
            store.create(p + "w/a", b("3"));
            List<WatchEvent> got = rec.await(4);
            assertThat(got.get(0).created()).isTrue();
            assertThat(got.get(0).previous()).isEmpty();
            assertThat(got.get(0).kv().createRevision()).isEqualTo(r1);
            assertThat(got.get(1).created()).isFalse();
            assertThat(got.get(1).previous().orElseThrow().valueAsString()).isEqualTo("1");
            assertThat(got.get(1).previous().orElseThrow().modRevision()).isEqualTo(r1);
            assertThat(got.get(1).kv().createRevision()).isEqualTo(r1);
            assertThat(got.get(2).type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(got.get(2).value()).isEmpty();
            assertThat(got.get(2).previous().orElseThrow().modRevision()).isEqualTo(r2);
            assertThat(got.get(3).created()).as("created again after the delete").isTrue();
            assertThat(got.get(3).previous()).isEmpty();
        }
    }

    @Test
    void progressReportsComeInOrderAfterTheEvents() throws Exception {
        Recorder rec = new Recorder();
        try (Watch w = store.watch(p + "w/", 0, rec)) {
            store.create(p + "w/a", b("1"));
            long unrelated = store.create(p + "elsewhere", b("x"));
            rec.await(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rec.progress.isEmpty() && System.nanoTime() < deadline) {
                w.requestProgress();
                Thread.sleep(100);
            }
            assertThat(rec.progress).as("progress reports").isNotEmpty();
            assertThat(rec.progress.getFirst()).as("the store's revision, which counts writes outside the prefix too")
                    .isGreaterThanOrEqualTo(unrelated);
            assertThat(rec.events).hasSize(1);
        }
    }

    @Test
    void closedWatchStopsDelivering() throws Exception {
        Recorder rec = new Recorder();
        Recorder control = new Recorder();
        Watch w = store.watch(p + "w/", 0, rec);
        try (Watch open = store.watch(p + "w/", 0, control)) {
            store.create(p + "w/1", b("1"));
            rec.await(1);
            control.await(1);
            w.close();
            store.create(p + "w/2", b("2"));
            // The positive control: a watch left open gets w/2, so it was delivered; only then is
            // the closed one's silence evidence (not a fixed sleep a slow machine could outlast).
            assertThat(control.await(2)).hasSize(2);
            assertThat(rec.events).hasSize(1);
        }
    }

    protected static void awaitRevision(Watch w, long rev) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (w.lastRevision() < rev && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(w.lastRevision()).isEqualTo(rev);
    }

    /** Collects watch events and lets a test wait for a count. */
    public static final class Recorder implements WatchListener {
        public final List<WatchEvent> events = Collections.synchronizedList(new ArrayList<>());
        public final List<String> status = Collections.synchronizedList(new ArrayList<>());
        public final List<Long> progress = Collections.synchronizedList(new ArrayList<>());
        public volatile Optional<Long> compacted = Optional.empty();
        private final Object signal = new Object();

        @Override
        public void onEvents(List<WatchEvent> batch) {
            synchronized (signal) {
                events.addAll(batch);
                signal.notifyAll();
            }
        }

        @Override
        public void onCompacted(long compactRevision) {
            compacted = Optional.of(compactRevision);
            synchronized (signal) {
                signal.notifyAll();
            }
        }

        @Override
        public void onConnectionChange(boolean connected, String reason) {
            status.add((connected ? "up: " : "down: ") + reason);
        }

        @Override
        public void onProgress(long revision) {
            progress.add(revision);
        }

        public List<WatchEvent> await(int count) throws InterruptedException {
            return await(count, Duration.ofSeconds(30));
        }

        public List<WatchEvent> await(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (signal) {
                while (events.size() < count && System.nanoTime() < deadline) {
                    signal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
                assertThat(events).as("watch events").hasSizeGreaterThanOrEqualTo(count);
                return List.copyOf(events);
            }
        }
    }
}
