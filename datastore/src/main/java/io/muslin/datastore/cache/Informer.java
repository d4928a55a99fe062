package io.muslin.datastore.cache;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.ResourceDecoder;
import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import io.muslin.datastore.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of every resource under one key prefix, kept current by list-then-watch: list at
 * revision N, watch from N + 1 — never a gap, never a repeat. When the watch's history is
 * compacted away it lists again and delivers exactly the differences; while the store is away it
 * keeps serving the cache, reports the connection state and resumes by itself. Callbacks
 * ({@link InformerListener}) come from one virtual thread per informer, in store order;
 * {@link #snapshot()} is a consistent read at one revision from any thread. Counters for metrics:
 * {@link #stats()}.
 */
public final class Informer<R extends Resource> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Informer.class);

    /** What the informer thread takes from its queue; items of an old watch generation are dropped. */
    private sealed interface Item {
        int generation();
    }

    private record Batch(int generation, List<WatchEvent> events, long receivedNanos) implements Item {}

    private record Compacted(int generation, long revision) implements Item {}

    private record Connection(int generation, boolean up, String reason) implements Item {}

    private record Progress(int generation, long revision, long receivedNanos) implements Item {}

    private record Wake(int generation) implements Item {}

    private final Datastore store;
    private final String prefix;
    private final ResourceDecoder<R> decoder;
    private final InformerListener<R> listener;
    private final InformerOptions options;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch syncedLatch = new CountDownLatch(1);
    private final Object lock = new Object();
    private final TreeMap<String, Stored<R>> cache = new TreeMap<>();
    private long cacheRevision;
    private CacheSnapshot<R> memo;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Watch watch;
    private volatile int generation;

    private volatile boolean connected = true;
    private volatile boolean synced;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong relists = new AtomicLong();
    private final AtomicLong storeRevision = new AtomicLong();
    private volatile long deliveredRevision;
    private final AtomicLong eventsDelivered = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong totalDelayNanos = new AtomicLong();
    private volatile long lastDelayNanos;
    private volatile long maxDelayNanos;

    private Informer(Datastore store, String prefix, ResourceDecoder<R> decoder, InformerListener<R> listener,
                     InformerOptions options) {
        this.store = store;
        this.prefix = prefix;
        this.decoder = decoder;
        this.listener = listener;
        this.options = options;
        this.thread = Thread.ofVirtual().name("informer " + prefix).unstarted(this::run);
    }

    /** An informer over every resource of {@code type} in {@code store}, with default options. */
    public static <R extends Resource> Informer<R> start(ResourceStore store, Class<R> type, InformerListener<R> listener) {
        return start(store, type, listener, InformerOptions.defaults());
    }

    public static <R extends Resource> Informer<R> start(ResourceStore store, Class<R> type, InformerListener<R> listener,
                                                         InformerOptions options) {
        return start(store.datastore(), store.prefix(type), store.decoder(type), listener, options);
    }

    /**
     * An informer over every key under {@code prefix}, decoded by {@code decoder} (for key layouts
     * other than the resource store's, such as IPAM's). Returns at once; the first list happens on
     * the informer's thread ({@link #awaitSynced}).
     */
    public static <R extends Resource> Informer<R> start(Datastore store, String prefix, ResourceDecoder<R> decoder,
                                                         InformerListener<R> listener, InformerOptions options) {
        Informer<R> i = new Informer<>(store, prefix, decoder, listener, options);
        i.thread.start();
        return i;
    }

    public String prefix() {
        return prefix;
    }

    /** True once the first list has been applied and delivered. */
    public boolean synced() {
        return synced;
    }

    /** Waits for the first list; false when {@code timeout} passed first. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return syncedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The cache at one revision; cheap to call again while nothing changed. */
    public CacheSnapshot<R> snapshot() {
        synchronized (lock) {
            if (memo == null) {
                memo = new CacheSnapshot<>(new TreeMap<>(cache), cacheRevision);
            }
            return memo;
        }
    }

    public Optional<Stored<R>> get(String key) {
        synchronized (lock) {
            return Optional.ofNullable(cache.get(key));
        }
    }

    public InformerStats stats() {
        return new InformerStats(synced, connected, reconnects.get(), relists.get(), storeRevision.get(), deliveredRevision,
                eventsDelivered.get(), undecodable.get(), listenerErrors.get(), queue.size(), deliveries.get(),
                Duration.ofNanos(lastDelayNanos), Duration.ofNanos(maxDelayNanos), Duration.ofNanos(totalDelayNanos.get()));
    }

    /** Stops the watch and the thread; no new batch is handed to the listener after this returns. */
    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        queue.add(new Wake(generation));
    }

    private void run() {
        boolean needList = true;
        try {
            while (!closed) {
                if (needList) {
                    if (!listAndWatch()) {
                        return;
                    }
                    needList = false;
                    continue;
                }
                long idle = options.progressInterval().toNanos();
                Item item = idle > 0 ? queue.poll(idle, TimeUnit.NANOSECONDS) : queue.take();
                if (item == null) {
                    // Also while disconnected: a quiet watch learns it is back only from an answer,
                    // and a progress report is one.
                    Watch w = watch;
                    if (w != null) {
                        w.requestProgress();
                    }
                    continue;
                }
                if (closed || item.generation() != generation) {
                    continue;
                }
                switch (item) {
                    case Batch b -> apply(b);
                    case Compacted c -> {
                        relists.incrementAndGet();
                        watch.close();
                        needList = true;
                    }
                    case Connection c -> connection(c.up(), c.reason());
                    case Progress p -> delivered(p.revision(), p.receivedNanos());
                    case Wake w -> {
                        // close() or nothing
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Watch w = watch;
            if (w != null) {
                w.close();
            }
        }
    }

    /** Lists (retrying while the store is away), applies the differences, then watches from the list's revision + 1. */
    private boolean listAndWatch() throws InterruptedException {
        long backoff = options.retryInitial().toNanos();
        while (!closed) {
            long t0 = System.nanoTime();
            ListResult raw;
            try {
                raw = store.list(prefix);
            } catch (DatastoreException e) {
                connection(false, "cannot list " + prefix + " from " + store.describe() + ": " + e.getMessage());
                // Anything queued belongs to the previous watch: dropped. close() wakes this wait.
                queue.poll(backoff, TimeUnit.NANOSECONDS);
                backoff = Math.min(backoff * 2, options.retryMax().toNanos());
                continue;
            }
            connection(true, "listed " + prefix + " at revision " + raw.revision());
            storeRevision.accumulateAndGet(raw.revision(), Math::max);
            List<ResourceEvent<R>> diff = relist(raw);
            // Watch before delivering: changes queue up while the listener takes the list in.
            int gen = generation + 1;
            generation = gen;
            watch = store.watch(prefix, raw.revision() + 1, new Forwarder(gen));
            deliver(diff, raw.revision(), t0);
            if (!synced) {
                synced = true;
                CacheSnapshot<R> s = snapshot();
                call(() -> listener.onSynced(s));
                syncedLatch.countDown();
            }
            return true;
        }
        return false;
    }

    /** Applies a list to the cache; returns the differences (delivered by the caller). */
    private List<ResourceEvent<R>> relist(ListResult raw) {
        Map<String, Stored<R>> listed = new HashMap<>();
        Set<String> keep = new HashSet<>();
        List<KeyValue> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (KeyValue kv : raw.items()) {
            String key = kv.key().substring(prefix.length());
            try {
                listed.put(key, decoder.decode(kv));
            } catch (IllegalArgumentException e) {
                keep.add(key);
                bad.add(kv);
                reasons.add(e.getMessage());
            }
        }
        List<ResourceEvent<R>> diff;
        synchronized (lock) {
            diff = CacheDiff.between(cache, listed, keep, raw.revision());
            for (ResourceEvent<R> e : diff) {
                switch (e) {
                    case ResourceEvent.Added<R> a -> cache.put(a.key(), a.current());
                    case ResourceEvent.Modified<R> m -> cache.put(m.key(), m.current());
                    case ResourceEvent.Deleted<R> d -> cache.remove(d.key());
                }
            }
            cacheRevision = raw.revision();
            memo = null;
        }
        for (int i = 0; i < bad.size(); i++) {
            reportUndecodable(bad.get(i).key(), bad.get(i).modRevision(), reasons.get(i));
        }
        return diff;
    }

    private void apply(Batch b) {
        List<ResourceEvent<R>> out = new ArrayList<>(b.events().size());
        List<String[]> bad = new ArrayList<>();
        long revision;
        synchronized (lock) {
            for (WatchEvent e : b.events()) {
                if (e.modRevision() <= cacheRevision) {
                    continue;
                }
                String key = e.key().substring(prefix.length());
                Stored<R> before = cache.get(key);
                if (e.type() == WatchEvent.Type.DELETE) {
                    if (before != null) {
                        cache.remove(key);
                        out.add(new ResourceEvent.Deleted<>(key, Optional.of(before), e.modRevision()));
                    }
                    continue;
                }
                try {
                    Stored<R> now = decoder.decode(e.kv());
                    cache.put(key, now);
                    out.add(before == null ? new ResourceEvent.Added<>(key, now)
                            : new ResourceEvent.Modified<>(key, Optional.of(before), now));
                } catch (IllegalArgumentException ex) {
                    bad.add(new String[] {e.key(), Long.toString(e.modRevision()), ex.getMessage()});
                }
            }
            cacheRevision = Math.max(cacheRevision, b.events().getLast().modRevision());
            revision = cacheRevision;
            memo = null;
        }
        for (String[] x : bad) {
            reportUndecodable(x[0], Long.parseLong(x[1]), x[2]);
        }
        deliver(out, revision, b.receivedNanos());
    }

    private void deliver(List<ResourceEvent<R>> events, long revision, long receivedNanos) {
        if (!events.isEmpty() && !closed) {
            call(() -> listener.onEvents(List.copyOf(events), revision));
            eventsDelivered.addAndGet(events.size());
        }
        delivered(revision, receivedNanos);
    }

    private void delivered(long revision, long receivedNanos) {
        if (revision > deliveredRevision) {
            deliveredRevision = revision;
        }
        long delay = System.nanoTime() - receivedNanos;
        lastDelayNanos = delay;
        if (delay > maxDelayNanos) {
            maxDelayNanos = delay;
        }
        totalDelayNanos.addAndGet(delay);
        deliveries.incrementAndGet();
    }

    private void connection(boolean up, String reason) {
        if (up == connected) {
            return;
        }
        connected = up;
        if (up) {
            reconnects.incrementAndGet();
        }
        if (!closed) {
            call(() -> listener.onConnectionChange(up, reason));
        }
    }

    private void reportUndecodable(String key, long revision, String reason) {
        undecodable.incrementAndGet();
        call(() -> listener.onUndecodable(key, revision, reason));
    }

    /** Runs a listener callback; an exception is logged once and counted, and the informer goes on. */
    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            listenerErrors.incrementAndGet();
            LOG.warn("informer {}: listener failed: {}", prefix, e.toString(), e);
        }
    }

    /** Hands one watch generation's callbacks to the informer thread. */
    private final class Forwarder implements WatchListener {
        private final int gen;

        Forwarder(int gen) {
            this.gen = gen;
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            storeRevision.accumulateAndGet(events.getLast().modRevision(), Math::max);
            queue.add(new Batch(gen, events, System.nanoTime()));
        }

        @Override
        public void onCompacted(long compactRevision) {
            queue.add(new Compacted(gen, compactRevision));
        }

        @Override
        public void onConnectionChange(boolean up, String reason) {
            queue.add(new Connection(gen, up, reason));
        }

        @Override
        public void onProgress(long revision) {
            storeRevision.accumulateAndGet(revision, Math::max);
            queue.add(new Progress(gen, revision, System.nanoTime()));
        }
    }
}
