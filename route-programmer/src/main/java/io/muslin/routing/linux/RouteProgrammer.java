package io.muslin.routing.linux;

import io.muslin.net.IpPrefix;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.NetlinkEvents;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.netlink.linux.NetlinkMonitor;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.reconcile.Cleanup;
import io.muslin.routing.reconcile.CleanupReport;
import io.muslin.routing.reconcile.Clock;
import io.muslin.routing.reconcile.KernelWrites;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteReconciler;
import io.muslin.routing.reconcile.RouteStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running route programmer: one thread owns a {@link RouteReconciler} and applies what the
 * agent hands it. Inputs never block the caller (a short lock): the node ({@link #setNode}),
 * the learned routes as a whole ({@link #replaceLearned}, with whether the Loc-RIB is complete)
 * or as changes ({@link #updateLearned}), or everything at once ({@link #setIntent}). Changes
 * that arrive while a batch is being written are coalesced, the last one per prefix winning,
 * and go out with the next batch: the speaker and the kernel work in parallel. The next batch is
 * handed to the writer as soon as it is planned, queued behind the one in the kernel, so the
 * writer goes from one to the next without waiting for the loop to take the first one's outcome.
 * <p>Until the first node intent nothing is read or written. Until the learned routes are
 * complete nothing of ours is deleted (a restart). The kernel is re-read on a timer and, soon
 * after, when the event source reports a link or address change, an overrun, or one of our
 * routes deleted by someone else.
 */
public final class RouteProgrammer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteProgrammer.class);
    /** Learned-route changes per apply: a long load goes out in batches, interleaved with other work. */
    static final int CHANGES_PER_APPLY = 65_536;

    private final Netlink netlink;
    private final boolean ownsNetlink;
    private final AutoCloseable subscription;
    private final RouteReconciler reconciler;
    private final PlannerConfig config;
    private final Consumer<ReconcileReport> onReport;
    private final long tickMillis;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Sends one batch to the kernel while the loop plans the next. */
    private final BatchWriter writer = new BatchWriter(lock, wake);
    // Guarded by lock: what the loop has not taken yet.
    private final Inputs inputs = new Inputs();
    private boolean forceApply;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<CompletableFuture<ReconcileReport>> waiters = new ArrayList<>();
    private boolean closed;

    // Loop thread only.
    private ReconcileReport sinceAsked;
    private long applies;
    private long retryAfterNanos;
    private volatile ProgrammerStatus status = ProgrammerStatus.STARTING;
    private final AtomicBoolean closeOnce = new AtomicBoolean();

    private RouteProgrammer(Netlink netlink, boolean ownsNetlink, NetlinkEvents events, PlannerConfig config, Clock clock,
                            Duration resync, Consumer<ReconcileReport> onReport) {
        this.netlink = netlink;
        this.ownsNetlink = ownsNetlink;
        this.config = config;
        this.onReport = onReport;
        this.reconciler = new RouteReconciler(netlink, config, clock, resync.toMillis());
        this.tickMillis = Math.max(10, Math.min(1000, resync.toMillis()));
        this.thread = Thread.ofPlatform().daemon().name("route-programmer").unstarted(this::run);
        AutoCloseable sub;
        try {
            sub = events.subscribe(this::onEvent);
        } catch (RuntimeException e) {
            if (ownsNetlink) {
                netlink.close();
            }
            throw e;
        }
        this.subscription = sub;
        thread.start();
    }

    /**
     * Programs the kernel of {@code namespace} (null: this process's namespace) through its own
     * netlink socket and monitor; both are closed with the programmer.
     * {@code onReport} sees every apply (its duration and error count feed a histogram).
     */
    public static RouteProgrammer start(String namespace, PlannerConfig config, Duration resync,
                                        Consumer<ReconcileReport> onReport) {
        LinuxNetlink nl = namespace == null ? LinuxNetlink.open() : LinuxNetlink.openIn(namespace);
        // Our own deletions are not news: the monitor leaves out what this socket did.
        NetlinkEvents events = l -> NetlinkMonitor.startForOwner(namespace, config.protocol(), nl.portId(), l);
        return new RouteProgrammer(nl, true, events, config, Clock.SYSTEM, resync, onReport);
    }

    /**
     * Programs any kernel behind {@link Netlink}, re-reading it on the events of {@code events}
     * and on the timer of {@code clock} (tests: {@code FakeNetlink} for both and a fake clock).
     * The caller keeps ownership of {@code netlink}; closing the programmer ends the subscription.
     */
    public static RouteProgrammer create(Netlink netlink, NetlinkEvents events, PlannerConfig config, Clock clock,
                                         Duration resync, Consumer<ReconcileReport> onReport) {
        return new RouteProgrammer(netlink, false, events, config, clock, resync, onReport);
    }

    // ---- inputs (any thread, never blocking on the kernel) -----------------------------------

    /** Everything at once, the learned routes complete: the full-state path. */
    public void setIntent(Intent intent) {
        submit(() -> inputs.intent(intent));
    }

    /** Everything at once; {@code learnedComplete} false keeps stale routes of ours until told otherwise. */
    public void setIntent(Intent intent, boolean learnedComplete) {
        setNode(intent.node());
        replaceLearned(intent.learned(), learnedComplete);
    }

    /** This node: address, pools, own blocks, tunnel address. */
    public void setNode(NodeIntent node) {
        submit(() -> inputs.node(node));
    }

    /**
     * Every learned route ({@code LocRibListener.snapshot}); queued changes are superseded.
     * {@code complete} false (a graceful restart waiting for End-of-RIBs): nothing of ours is
     * deleted until a later call says true.
     */
    public void replaceLearned(List<LearnedRoute> all, boolean complete) {
        List<LearnedRoute> copy = List.copyOf(all);
        submit(() -> inputs.snapshot(copy, complete));
    }

    /**
     * Learned-route changes ({@code LocRibListener.changes}), in order: for a prefix changed more
     * than once the last change wins; a withdrawn prefix has no next hop.
     */
    public void updateLearned(List<LearnedRoute> changes) {
        List<LearnedRoute> copy = List.copyOf(changes); // queued as a list: a caller's later edits do not reach it
        submit(() -> inputs.changes(copy));
    }

    /** Re-reads the kernel before the next apply, as a link event would. */
    public void requestResync() {
        submit(inputs::resync);
    }

    /** Runs {@code change} under the lock and wakes the loop; false when the programmer is closed. */
    private boolean submit(Runnable change) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            change.run();
            wake.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void onEvent(NetlinkEvent e) {
        boolean resync = switch (e) {
            case NetlinkEvent.LinkChanged l -> true;
            case NetlinkEvent.AddrChanged a -> true;
            case NetlinkEvent.Overrun o -> true;
            case NetlinkEvent.RouteChanged r -> r.deleted() && r.route().protocol() == config.protocol()
                    && r.route().table() == config.table();
        };
        if (resync) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("kernel event {}: the kernel is re-read", e);
            }
            submit(() -> inputs.resyncAfterEvent(System.nanoTime()));
        }
    }

    // ---- outputs -----------------------------------------------------------------------------

    /** Counts, tunnels and the last apply, as of the last apply; never waits. */
    public ProgrammerStatus status() {
        ProgrammerStatus s = status;
        lock.lock();
        try {
            int pending = inputs.queued();
            return pending == s.pendingChanges() ? s : new ProgrammerStatus(s.hasIntent(), s.synced(), s.learnedComplete(),
                    s.totals(), s.tunnels(), s.lastApply(), s.applies(), pending);
        } finally {
            lock.unlock();
        }
    }

    public ReconcileReport lastReport() {
        return status.lastApply();
    }

    /** Up to {@code limit} routes in prefix order with kind, devices and outcome (waits for the batch being written). */
    public List<RouteStatus> routes(int limit) {
        return onLoop(() -> reconciler.routes(limit));
    }

    /** One route's status, or null when the prefix is unknown. */
    public RouteStatus route(IpPrefix prefix) {
        return onLoop(() -> reconciler.route(prefix));
    }

    /**
     * Applies everything queued now and returns what was done since the previous call (the
     * reports of every apply in between, combined); an apply runs even when nothing is queued.
     */
    public ReconcileReport applyNow() throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<ReconcileReport> f = new CompletableFuture<>();
        boolean accepted = submit(() -> {
            waiters.add(f);
            forceApply = true;
        });
        if (!accepted) {
            throw new IllegalStateException("the route programmer is closed");
        }
        return f.get(120, TimeUnit.SECONDS);
    }

    /**
     * Stops programming and removes everything of ours from the kernel: our routes (learned and
     * blackholes), the vxlan device, the addresses on tunl0. The programmer is closed afterwards.
     */
    public CleanupReport cleanupAndClose() {
        CleanupReport r = onLoop(() -> {
            lock.lock();
            try {
                closed = true; // no more applies: nothing re-creates what is removed
            } finally {
                lock.unlock();
            }
            return Cleanup.removeAll(netlink, config);
        });
        close();
        return r;
    }

    private <T> T onLoop(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        boolean accepted = submit(() -> tasks.add(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }));
        if (!accepted) {
            throw new IllegalStateException("the route programmer is closed");
        }
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the route programmer did not answer in 120 s", e);
        }
    }

    private boolean closedNow() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ---- the loop ----------------------------------------------------------------------------

    private void run() {
        while (true) {
            List<Runnable> todo = new ArrayList<>();
            Inputs.Work work;
            boolean force;
            lock.lock();
            try {
                while (!closed && tasks.isEmpty() && !ready()) {
                    long wait = TimeUnit.MILLISECONDS.toNanos(tickMillis);
                    long gathering = inputs.resyncWaitNanos(System.nanoTime());
                    if (gathering >= 0) {
                        wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(wait, gathering));
                    }
                    wake.awaitNanos(wait);
                }
                if (closed && tasks.isEmpty()) {
                    break;
                }
                todo.addAll(tasks);
                tasks.clear();
                work = inputs.take(CHANGES_PER_APPLY, System.nanoTime());
                force = forceApply;
                forceApply = false;
            } catch (InterruptedException e) {
                break;
            } finally {
                lock.unlock();
            }
            if (!todo.isEmpty()) {
                finishInFlight(); // tasks (status, cleanup) see a settled state
                todo.forEach(Runnable::run);
            }
            if (closedNow()) {
                break;
            }
            if (work.structural() || work.resync()) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("taken: intent={} node={} snapshot={} complete={} resync={}", work.intent() != null, work.node() != null,
                            work.snapshot() == null ? "none" : work.snapshot().size() + " routes", work.complete(), work.resync());
                }
                finishInFlight(); // a new node or snapshot may re-plan everything; a resync reads the kernel
            }
            work.handTo(reconciler);
            // Plan the next batch while the previous one is in the kernel and queue it behind that one
            // (the writer goes straight on to it); then take the previous one's outcome.
            KernelWrites next = reconciler.beginChanges();
            if (next != null) {
                writer.start(next);
                finishInFlightBut(1);
            } else {
                finishInFlight();
            }
            if (next == null && (work.structural() || work.resync() || force || !work.changes().isEmpty()
                    || (reconciler.workPending() && System.nanoTime() >= retryAfterNanos))) {
                applyOnce();
            }
            finishWaiters();
        }
        finishInFlight();
        writer.shutdown();
        lock.lock();
        try {
            waiters.forEach(w -> w.completeExceptionally(new IllegalStateException("the route programmer is closed")));
            waiters.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held: is there anything for the loop to do? */
    private boolean ready() {
        if (inputs.hasInput() || forceApply || writer.outcomeWaiting() || inputs.resyncReady(System.nanoTime())) {
            return true;
        }
        if (writer.inFlight() > 0) {
            return false; // the writer's completion wakes us
        }
        return reconciler.changesQueued() || (reconciler.workPending() && System.nanoTime() >= retryAfterNanos);
    }

    /** Waits for every batch handed to the writer and takes their outcomes. */
    private void finishInFlight() {
        finishInFlightBut(0);
    }

    /** Waits for the oldest batches handed to the writer until at most {@code keep} remain, taking their outcomes in order. */
    private void finishInFlightBut(int keep) {
        while (writer.inFlight() > keep) {
            BatchWriter.Done d = writer.takeOldest();
            KernelWrites w = d.writes();
            if (d.failure() != null) {
                reconciler.finish(w); // nothing came back: the states stay as they were, a resync sorts it out
                reconciler.requestResync();
                LOG.warn("kernel write failed; the kernel is re-read before the next apply", d.failure());
                continue;
            }
            publish(reconciler.finish(w));
        }
    }

    private void applyOnce() {
        ReconcileReport r;
        try {
            r = reconciler.apply();
        } catch (RuntimeException e) {
            reconciler.requestResync();
            retryAfterNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis);
            LOG.warn("apply failed; the kernel is re-read before the next one", e);
            return;
        }
        if (!reconciler.synced()) {
            retryAfterNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis); // the dump failed: not in a loop
        }
        publish(r);
    }

    private void publish(ReconcileReport r) {
        applies++;
        sinceAsked = sinceAsked == null ? r : sinceAsked.then(r);
        status = new ProgrammerStatus(reconciler.hasIntent(), reconciler.synced(), reconciler.learnedComplete(), reconciler.totals(),
                reconciler.tunnels(), r, applies, 0);
        try {
            onReport.accept(r);
        } catch (RuntimeException e) {
            LOG.warn("report listener failed", e);
        }
    }

    private void finishWaiters() {
        if (writer.inFlight() > 0 || reconciler.changesQueued()) {
            return;
        }
        List<CompletableFuture<ReconcileReport>> done;
        lock.lock();
        try {
            if (waiters.isEmpty() || inputs.hasInput() || forceApply) {
                return;
            }
            done = new ArrayList<>(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        ReconcileReport r = sinceAsked != null ? sinceAsked : ReconcileReport.idle(reconciler.tunnels());
        sinceAsked = null;
        done.forEach(f -> f.complete(r));
    }

    /** Stops the loop and the writer, ends the event subscription, closes an own netlink handle; again: nothing. */
    @Override
    public void close() {
        if (!closeOnce.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("closing the event subscription failed", e);
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsNetlink) {
            netlink.close();
        }
    }
}
