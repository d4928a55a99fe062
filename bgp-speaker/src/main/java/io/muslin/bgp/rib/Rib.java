package io.muslin.bgp.rib;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIB on its own thread (GoBGP's server loop, BIRD's event loop): every change goes through
 * this one executor, so {@link RibCore} needs no locks. Methods may be called from any thread;
 * they queue the work and return. Graceful-restart timers run on the same thread.
 */
public final class Rib implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rib.class);

    /**
     * The RIB's thread, with a plain FIFO queue: a table is a few hundred thousand tasks in a row,
     * and a scheduled executor's queue is a priority heap that costs each of them an insert and a
     * sift. Timers run on {@link #timers} and hand their work over to it.
     */
    private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> daemon(r, "muslin-rib"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "muslin-rib-timers"));
    private final RibCore core;
    /** RIB thread only: each restarting peer's pending timer; a timer whose entry is gone or replaced does nothing. */
    private final Map<String, ScheduledFuture<?>> staleTimers = new HashMap<>();
    /** Each peer's last next hops, on the callers' threads: the sets of one peer share one list. */
    private final Map<String, List<IpAddress>> lastNextHops = new ConcurrentHashMap<>();
    private volatile RibStats stats = new RibStats(0, false, Map.of());
    private static final long STATS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Tasks queued and not yet done: the RIB's thread knows from it whether a burst goes on. */
    private final AtomicInteger queued = new AtomicInteger();
    /** RIB thread only: when the counters were last published. */
    private long statsAt;
    /** Changes that are delivered at once, even while more UPDATEs wait. */
    static final int FLUSH_AT_CHANGES = 4096;
    private static final long FLUSH_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** RIB thread only: when changes were last delivered. */
    private long flushAt;

    /**
     * Counters for status pages, published by the RIB's thread when its queue is empty (and at
     * least every 20 ms during a burst, and before every query): reading them never waits.
     */
    public record RibStats(int locRibRoutes, boolean selectionDeferred, Map<String, PeerStats> peers) {
    }

    /** One peer's prefixes before import policy, after it, advertised; and whether it is restarting. */
    public record PeerStats(int received, int accepted, int advertised, boolean restarting) {
        /** A peer the RIB has not counted yet. */
        public static final PeerStats NONE = new PeerStats(0, 0, 0, false);
    }

    public Rib(RibConfig config) {
        this.core = new RibCore(config);
        if (config.restarting()) {
            timers.schedule(() -> thread.execute(() -> run(RibCore::deferralExpired)),
                    config.selectionDeferral().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A timer's work; the counters are published after it. */
    private void run(Consumer<RibCore> work) {
        execute(work);
        publishStats();
    }

    private void execute(Consumer<RibCore> work) {
        try {
            work.accept(core);
        } catch (RuntimeException e) {
            log.error("RIB task failed", e);
        }
    }

    /**
     * A queued task's work. UPDATEs' changes are delivered to consumers and Adj-RIB-Outs
     * ({@link RibCore#flush}) when no other task waits, when {@link #FLUSH_AT_CHANGES} wait, or
     * {@link #FLUSH_EVERY_NANOS} after the last delivery during a burst: a table of small UPDATEs
     * reaches the route programmer in batches of thousands of routes, not one per UPDATE, and a
     * long burst still streams. The counters are published when no other task waits, and at
     * least every {@link #STATS_EVERY_NANOS} during a burst: not after each of a table's UPDATEs
     * (with many peers, building them is most of the RIB's work).
     */
    private void runQueued(Consumer<RibCore> work) {
        execute(work);
        long now = System.nanoTime();
        boolean idle = queued.decrementAndGet() == 0;
        if (idle || core.pendingChanges() >= FLUSH_AT_CHANGES || now - flushAt > FLUSH_EVERY_NANOS) {
            flushAt = now;
            execute(RibCore::flush);
        }
        if (idle || now - statsAt > STATS_EVERY_NANOS) {
            statsAt = now;
            publishStats();
        }
    }

    private void publishStats() {
        Map<String, PeerStats> byPeer = new HashMap<>();
        for (RibPeer p : core.peers()) {
            byPeer.put(p.name(), new PeerStats(p.receivedPrefixes(), p.accepted(), p.advertised(), p.isRestarting()));
        }
        stats = new RibStats(core.locRibSize(), core.isDeferring(), Map.copyOf(byPeer));
    }

    /** The latest counters; never waits for the RIB's thread. */
    public RibStats stats() {
        return stats;
    }

    private void submit(Consumer<RibCore> work) {
        queued.incrementAndGet();
        thread.execute(() -> runQueued(work));
    }

    /** Runs a read (or any work) on the RIB's thread and returns its result; the counters are published first. */
    public <T> CompletableFuture<T> query(Function<RibCore, T> q) {
        return CompletableFuture.supplyAsync(() -> {
            publishStats();
            return q.apply(core);
        }, thread);
    }

    public void addPeer(String name, IpAddress address, long asNumber, PeerPolicy policy) {
        submit(c -> c.addPeer(name, address, asNumber, policy));
    }

    public void removePeer(String name) {
        lastNextHops.remove(name);
        submit(c -> {
            RibPeer p = c.peer(name);
            if (p != null) {
                cancelStaleTimer(name);
                c.removePeer(p);
            }
        });
    }

    /** New routing settings (pools, cluster id, next hops, ...), applied without a session reset. */
    public void setRouting(RoutingSettings routing) {
        submit(c -> c.setRouting(routing));
    }

    public void setPolicy(String name, PeerPolicy policy) {
        withPeer(name, (c, p) -> c.setPolicy(p, policy));
    }

    public void peerUp(String name, Negotiated n, IpAddress localV4, IpAddress localV6, PeerControl control) {
        withPeer(name, (c, p) -> {
            if (p.isRestarting()) {
                // RFC 4724 §4.2: back in time; now wait at most the stale-routes time for its End-of-RIB.
                cancelStaleTimer(name);
                schedule(name, c.routing().staleRoutesTime());
            }
            c.peerUp(p, n, localV4, localV6, control);
        });
    }

    /** @param restartTime the peer's graceful-restart time, when it may restart; null when it may not */
    public void peerDown(String name, Duration restartTime) {
        withPeer(name, (c, p) -> {
            cancelStaleTimer(name);
            c.peerDown(p, restartTime != null);
            if (restartTime != null) {
                schedule(name, restartTime);
            }
        });
    }

    private void schedule(String name, Duration after) {
        CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
        ScheduledFuture<?> timer = timers.schedule(() -> thread.execute(() -> run(c -> {
            // Cancelled or replaced after it fired and before its turn on this thread: nothing to do.
            if (staleTimers.get(name) != self.getNow(null)) {
                return;
            }
            staleTimers.remove(name);
            RibPeer p = c.peer(name);
            if (p != null && p.isRestarting()) {
                log.info("peer {}: restart or stale-routes time over", name);
                c.staleExpired(p);
            }
        })), after.toMillis(), TimeUnit.MILLISECONDS);
        self.complete(timer);
        staleTimers.put(name, timer);
    }

    private void cancelStaleTimer(String name) {
        ScheduledFuture<?> f = staleTimers.remove(name);
        if (f != null) {
            f.cancel(false);
        }
    }

    /**
     * An UPDATE from the peer; {@code done} runs on the RIB's thread after it is applied. What needs
     * no RIB state (the prefix lists, the attribute set decoded and packed) is worked out here, on
     * the caller's thread (the peer's event loop), so the two threads share the work.
     */
    public void receive(String name, Update u, Runnable done) {
        receive(name, u, null, done);
    }

    /**
     * As above, with the decoder's packed copy of the attribute set
     * ({@link io.muslin.bgp.wire.DecodedMessage#packedAttributes}, or null).
     */
    public void receive(String name, Update u, byte[] packedAttributes, Runnable done) {
        ReceivedUpdate r;
        List<IpAddress> last = lastNextHops.getOrDefault(name, List.of());
        try {
            r = ReceivedUpdate.of(u, packedAttributes, last);
        } catch (RuntimeException e) {
            log.error("UPDATE from {} not taken", name, e);
            done.run();
            return;
        }
        if (r.decoded() != null && r.decoded().nextHops() != last) {
            lastNextHops.put(name, r.decoded().nextHops());
        }
        submit(c -> {
            try {
                RibPeer p = c.peer(name);
                if (p != null) {
                    c.receive(p, r);
                }
            } finally {
                done.run();
            }
        });
    }

    public void routeRefresh(String name, AfiSafi family) {
        withPeer(name, (c, p) -> c.routeRefresh(p, family));
    }

    public void dropFamily(String name, AfiSafi family) {
        withPeer(name, (c, p) -> c.dropFamily(p, family));
    }

    /** Up to {@code max} UPDATEs for the peer, delivered to {@code sink} from the RIB's thread. */
    public void take(String name, int max, Consumer<List<Update>> sink) {
        submit(c -> {
            RibPeer p = c.peer(name);
            sink.accept(p == null ? List.of() : c.take(p, max));
        });
    }

    public void originate(IpPrefix prefix, List<PathAttribute> extra) {
        submit(c -> c.originate(prefix, extra));
    }

    public void withdrawOriginated(IpPrefix prefix) {
        submit(c -> c.withdrawOriginated(prefix));
    }

    public void subscribe(LocRibListener listener) {
        submit(c -> c.subscribe(listener));
    }

    private void withPeer(String name, BiConsumer<RibCore, RibPeer> work) {
        submit(c -> {
            RibPeer p = c.peer(name);
            if (p != null) {
                work.accept(c, p);
            }
        });
    }

    @Override
    public void close() {
        timers.shutdownNow();
        thread.shutdownNow();
    }
}
