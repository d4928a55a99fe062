package io.muslin.datastore.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.ResourceList;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.ResourceWatchListener;
import io.muslin.datastore.Stored;
import io.muslin.datastore.Watch;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Namespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must give an {@link Informer} and a typed watch: run against etcd, the file
 * store and the in-memory store. Each test works under its own key root. The oracle is the
 * writer's own record of what it did (each write returns its revision), never the watch.
 */
public abstract class InformerContractTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    protected Datastore store;
    protected GatedDatastore gated;
    protected ResourceStore rs;
    private final List<Informer<?>> informers = new ArrayList<>();

    protected abstract Datastore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        gated = new GatedDatastore(store);
        rs = new ResourceStore(gated, "/t" + UUID.randomUUID() + "/");
    }

    @AfterEach
    void tearDown() {
        informers.forEach(Informer::close);
        store.close();
    }

    protected <R extends io.muslin.datastore.model.Resource> Informer<R> start(Class<R> type, InformerListener<R> l) {
        Informer<R> i = Informer.start(rs, type, l, InformerOptions.defaults().withRetry(Duration.ofMillis(20),
                Duration.ofMillis(200)).withProgressInterval(Duration.ofMillis(100)));
        informers.add(i);
        return i;
    }

    static IPPool pool(String name, int i) {
        return IPPool.of(name, "10." + i + ".0.0/16", 26);
    }

    /** One write as the writer saw it: its revision, and the key's revision before it (0: absent). */
    record Write(String op, String key, long revision, long previous) {
        String expected() {
            return switch (op) {
                case "add" -> "Added " + key + "@" + revision;
                case "modify" -> "Modified " + key + "@" + revision + " prev@" + previous;
                default -> "Deleted " + key + "@" + revision + " prev@" + previous;
            };
        }
    }

    static String describe(ResourceEvent<?> e) {
        return switch (e) {
            case ResourceEvent.Added<?> a -> "Added " + a.key() + "@" + a.revision();
            case ResourceEvent.Modified<?> m -> "Modified " + m.key() + "@" + m.revision() + " prev@"
                    + m.previous().map(Stored::revision).orElse(-1L);
            case ResourceEvent.Deleted<?> d -> "Deleted " + d.key() + "@" + d.revision() + " prev@"
                    + d.previous().map(Stored::revision).orElse(-1L);
        };
    }

    /** key → revision after replaying every write up to {@code revision}. */
    static Map<String, Long> replay(List<Write> log, long revision) {
        Map<String, Long> state = new TreeMap<>();
        for (Write w : log) {
            if (w.revision() > revision) {
                break;
            }
            if (w.op().equals("delete")) {
                state.remove(w.key());
            } else {
                state.put(w.key(), w.revision());
            }
        }
        return state;
    }

    static Map<String, Long> revisions(CacheSnapshot<?> s) {
        Map<String, Long> out = new TreeMap<>();
        s.items().forEach((k, v) -> out.put(k, v.revision()));
        return out;
    }

    /** Random creates, updates and deletes over 12 pools, one at a time, each recorded. */
    final class Writer implements Runnable {
        final List<Write> log = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger done = new AtomicInteger();
        final int total;
        final Map<String, Stored<IPPool>> current = new HashMap<>();
        final Random random = new Random(42);
        volatile Throwable failure;

        Writer(int total) {
            this.total = total;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < total; i++) {
                    String name = "p" + random.nextInt(12);
                    Stored<IPPool> have = current.get(name);
                    if (have == null) {
                        Stored<IPPool> s = rs.create(pool(name, i % 200));
                        current.put(name, s);
                        log.add(new Write("add", name, s.revision(), 0));
                    } else if (random.nextInt(3) > 0) {
                        Stored<IPPool> s = rs.update(have.resource().withDisabled(!have.resource().disabled()), have.revision());
                        current.put(name, s);
                        log.add(new Write("modify", name, s.revision(), have.revision()));
                    } else {
                        rs.delete(IPPool.class, null, name, have.revision());
                        current.remove(name);
                        log.add(new Write("delete", name, gated.revision(), have.revision()));
                    }
                    done.incrementAndGet();
                    if (i % 2 == 1) {
                        Thread.sleep(1); // keeps the writer busy on both sides of the informer's list, even in memory
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    @Test
    void firstListArrivesAsAdditionsThenSynced() throws Exception {
        rs.create(pool("b", 2));
        rs.create(pool("a", 1));
        rs.create(new Namespace(io.muslin.datastore.model.ObjectMeta.named("other-kind")));
        long listedAt = gated.revision();
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = start(IPPool.class, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        assertThat(l.calls).containsExactly("events@" + listedAt, "synced@" + listedAt);
        assertThat(l.batches.getFirst().events()).extracting(InformerContractTest::describe)
                .containsExactly("Added a@" + (listedAt - 1), "Added b@" + (listedAt - 2));
        assertThat(l.synced.resources()).extracting(p -> p.metadata().name()).containsExactly("a", "b");
        assertThat(inf.snapshot().get("a")).isPresent();
        assertThat(inf.stats().synced()).isTrue();
        assertThat(inf.stats().relists()).isZero();
    }

    @Test
    void everyChangeOnceInOrderWithPreviousValuesAcrossTheListWatchBoundary() throws Exception {
        Writer writer = new Writer(400);
        Thread t = Thread.ofPlatform().start(writer);
        while (writer.done.get() < 60 && t.isAlive()) {
            Thread.sleep(1);
        }
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = start(IPPool.class, l);
        List<CacheSnapshot<IPPool>> snapshots = new ArrayList<>();
        while (t.isAlive()) {
            snapshots.add(inf.snapshot());
            Thread.sleep(2);
        }
        t.join();
        assertThat(writer.failure).isNull();
        long last = gated.revision();
        l.await("delivery up to " + last, WAIT, () -> inf.stats().deliveredRevision() >= last);

        // The first list: exactly the state at its revision, as additions.
        long listedAt = l.batches.getFirst().revision();
        List<Write> log = List.copyOf(writer.log);
        List<String> firstExpected = new ArrayList<>();
        replay(log, listedAt).forEach((k, rev) -> firstExpected.add("Added " + k + "@" + rev));
        assertThat(l.batches.getFirst().events()).extracting(InformerContractTest::describe).containsExactlyElementsOf(firstExpected);
        assertThat(listedAt).as("the writer was busy on both sides of the list").isGreaterThan(log.get(40).revision())
                .isLessThan(log.getLast().revision());

        // After it: every later write once, in order, with the previous revision, nothing else.
        List<String> expected = log.stream().filter(w -> w.revision() > listedAt).map(Write::expected).toList();
        assertThat(l.eventsAfterFirstBatch()).extracting(InformerContractTest::describe).containsExactlyElementsOf(expected);
        for (int i = 1; i < l.batches.size(); i++) {
            assertThat(l.batches.get(i).revision()).isGreaterThan(l.batches.get(i - 1).revision());
        }

        // Every snapshot taken meanwhile was the exact state at its revision.
        snapshots.add(inf.snapshot());
        for (CacheSnapshot<IPPool> s : snapshots) {
            if (s.revision() > 0) {
                assertThat(revisions(s)).as("snapshot at %d", s.revision()).isEqualTo(replay(log, s.revision()));
            }
        }
        ResourceList<IPPool> now = rs.list(IPPool.class);
        assertThat(inf.snapshot().items().values()).containsExactlyElementsOf(now.items());
        InformerStats st = inf.stats();
        assertThat(st.eventsDelivered()).isEqualTo(firstExpected.size() + expected.size());
        assertThat(st.relists()).isZero();
        assertThat(st.undecodable()).isZero();
        assertThat(st.listenerErrors()).isZero();
    }

    @Test
    void afterCompactionItListsAgainAndDeliversExactlyTheDifference() throws Exception {
        Stored<IPPool> a = rs.create(pool("a", 1));
        Stored<IPPool> b = rs.create(pool("b", 2));
        Stored<IPPool> c = rs.create(pool("c", 3));
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = start(IPPool.class, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();

        gated.cut();
        l.await("the cut reported", WAIT, () -> l.connection.stream().anyMatch(s -> s.startsWith("down")));
        Stored<IPPool> a2 = rs.update(a.resource().withDisabled(true), a.revision());
        rs.delete(IPPool.class, null, "b", b.revision());
        Stored<IPPool> c2 = rs.update(c.resource().withDisabled(true), c.revision());
        Stored<IPPool> c3 = rs.update(c2.resource().withDisabled(false), c2.revision());
        Stored<IPPool> d = rs.create(pool("d", 4));
        Stored<IPPool> e = rs.create(pool("e", 5));
        rs.delete(IPPool.class, null, "e", e.revision());
        long relistAt = gated.revision();
        assertThat(inf.snapshot().get("b")).as("the cache is still served while cut off").isPresent();
        gated.resumeCompacted();

        l.await("the re-list", WAIT, () -> inf.stats().relists() == 1 && l.batches.size() == 2);
        RecordingListener.Batch<IPPool> diff = l.batches.get(1);
        assertThat(diff.revision()).isEqualTo(relistAt);
        assertThat(diff.events()).extracting(InformerContractTest::describe).containsExactly(
                "Modified a@" + a2.revision() + " prev@" + a.revision(),
                "Deleted b@" + relistAt + " prev@" + b.revision(),
                "Modified c@" + c3.revision() + " prev@" + c.revision(),
                "Added d@" + d.revision());
        assertThat(l.connection).hasSize(2);
        assertThat(l.connection.get(1)).startsWith("up: ");
        assertThat(inf.stats().reconnects()).isEqualTo(1);
        assertThat(inf.snapshot().items().values()).containsExactlyElementsOf(rs.list(IPPool.class).items());

        // And the new watch goes on from there.
        Stored<IPPool> f = rs.create(pool("f", 6));
        l.await("the change after the re-list", WAIT, () -> l.batches.size() == 3);
        assertThat(l.batches.get(2).events()).extracting(InformerContractTest::describe).containsExactly("Added f@" + f.revision());
    }

    @Test
    void undecodableValuesAreReportedAndTheLastGoodValueKept() throws Exception {
        Stored<IPPool> a = rs.create(pool("a", 1));
        gated.put(rs.prefix(IPPool.class) + "junk", "{not json".getBytes(StandardCharsets.UTF_8));
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = start(IPPool.class, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        assertThat(inf.snapshot().items().keySet()).containsExactly("a");
        assertThat(l.undecodable).singleElement().asString().startsWith(rs.prefix(IPPool.class) + "junk@")
                .contains("cannot read");

        long bad = gated.put(rs.key(a.resource()), "{\"kind\":\"IPPool\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"cidr\":\"10.0.0.1/16\"}}"
                .getBytes(StandardCharsets.UTF_8));
        l.await("the invalid pool reported", WAIT, () -> l.undecodable.size() == 2);
        assertThat(l.undecodable.get(1)).contains("@" + bad).contains("spec.cidr").contains("host bits");
        assertThat(inf.snapshot().get("a")).contains(a);
        Stored<IPPool> good = rs.apply(pool("a", 9));
        l.await("the good value", WAIT, () -> l.batches.size() == 2);
        assertThat(l.batches.get(1).events()).extracting(InformerContractTest::describe)
                .containsExactly("Modified a@" + good.revision() + " prev@" + a.revision());
        assertThat(inf.stats().undecodable()).isEqualTo(2);
    }

    @Test
    void aFailingListenerIsCountedAndTheInformerGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        InformerListener<IPPool> throwing = new InformerListener<>() {
            @Override
            public void onEvents(List<ResourceEvent<IPPool>> events, long revision) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("listener bug (expected by the test)");
                }
            }
        };
        rs.create(pool("a", 1));
        Informer<IPPool> inf = start(IPPool.class, throwing);
        assertThat(inf.awaitSynced(WAIT)).as("synced although the listener threw on the first list").isTrue();
        assertThat(calls.get()).isEqualTo(1);
        rs.create(pool("b", 2));
        rs.create(pool("c", 3));
        new RecordingListener<IPPool>().await("calls after the failure", WAIT,
                () -> inf.stats().eventsDelivered() == 3);
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(inf.stats().listenerErrors()).isEqualTo(1);
    }

    @Test
    void statsFollowTheStoreRevisionEvenWhenTheKindIsQuiet() throws Exception {
        rs.create(pool("a", 1));
        Informer<IPPool> inf = start(IPPool.class, new InformerListener<>() {});
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        for (int i = 0; i < 5; i++) {
            rs.create(new Namespace(io.muslin.datastore.model.ObjectMeta.named("ns-" + i)));
        }
        long target = gated.revision();
        new RecordingListener<IPPool>().await("the store revision through progress reports", WAIT,
                () -> inf.stats().storeRevision() >= target && inf.stats().lagRevisions() == 0);
        InformerStats s = inf.stats();
        assertThat(s.deliveredRevision()).isGreaterThanOrEqualTo(target);
        assertThat(s.connected()).isTrue();
        assertThat(s.deliveries()).isPositive();
        assertThat(s.maxDeliveryDelay()).isGreaterThanOrEqualTo(s.lastDeliveryDelay());
        assertThat(s.totalDeliveryDelay()).isGreaterThanOrEqualTo(s.maxDeliveryDelay());
        assertThat(s.queued()).isZero();
    }

    @Test
    void typedWatchFromARevision() throws Exception {
        Stored<IPPool> a = rs.create(pool("a", 1));
        List<ResourceEvent<IPPool>> got = Collections.synchronizedList(new ArrayList<>());
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        ResourceWatchListener<IPPool> l = new ResourceWatchListener<>() {
            @Override
            public void onEvents(List<ResourceEvent<IPPool>> events) {
                got.addAll(events);
            }

            @Override
            public void onUndecodable(String key, long revision, String reason) {
                bad.add(key + ": " + reason);
            }
        };
        try (Watch w = rs.watch(IPPool.class, a.revision(), l)) {
            Stored<IPPool> a2 = rs.update(a.resource().withDisabled(true), a.revision());
            gated.put(rs.prefix(IPPool.class) + "junk", new byte[] {'x'});
            rs.delete(IPPool.class, null, "a", a2.revision());
            long deleted = gated.revision();
            new RecordingListener<IPPool>().await("three changes", WAIT, () -> got.size() == 3);
            assertThat(got).extracting(InformerContractTest::describe).containsExactly("Added a@" + a.revision(),
                    "Modified a@" + a2.revision() + " prev@" + a.revision(), "Deleted a@" + deleted + " prev@" + a2.revision());
            assertThat(((ResourceEvent.Modified<IPPool>) got.get(1)).previous().map(s -> s.resource().disabled()))
                    .contains(false);
            assertThat(((ResourceEvent.Modified<IPPool>) got.get(1)).current().resource().disabled()).isTrue();
            assertThat(bad).singleElement().asString().startsWith(rs.prefix(IPPool.class) + "junk");
        }
    }

    /** Namespaced kinds are keyed namespace/name. */
    @Test
    void namespacedKeys() throws Exception {
        rs.create(io.muslin.datastore.model.Secret.of("kube-system", "bgp", Map.of("k", "v")));
        Informer<io.muslin.datastore.model.Secret> inf = start(io.muslin.datastore.model.Secret.class, new InformerListener<>() {});
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        assertThat(inf.snapshot().get("kube-system", "bgp").map(s -> s.resource().stringValue("k").orElseThrow()))
                .isEqualTo(Optional.of("v"));
    }
}
