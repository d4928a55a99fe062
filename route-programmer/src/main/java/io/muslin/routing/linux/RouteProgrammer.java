package io.muslin.routing.linux;

import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.netlink.linux.NetlinkMonitor;
import io.muslin.routing.Intent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.reconcile.Clock;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteReconciler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running route programmer: one thread applies the latest {@link Intent} through a
 * {@link RouteReconciler}; it re-reads the kernel on a timer, and at once (debounced) when the
 * netlink monitor reports a link or address change, an overrun, or one of our routes deleted
 * by someone else.
 */
public final class RouteProgrammer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteProgrammer.class);
    private static final long DEBOUNCE_MS = 20;

    private final Netlink netlink;
    private final NetlinkMonitor monitor;
    private final RouteReconciler reconciler;
    private final PlannerConfig config;
    private final ScheduledExecutorService loop;
    private final AtomicReference<Intent> intent = new AtomicReference<>();
    private final AtomicReference<ReconcileReport> lastReport = new AtomicReference<>();
    private final Consumer<ReconcileReport> onReport;
    private ScheduledFuture<?> pending;

    private RouteProgrammer(Netlink netlink, String namespace, PlannerConfig config, Duration resync,
                            Consumer<ReconcileReport> onReport) {
        this.netlink = netlink;
        this.config = config;
        this.onReport = onReport;
        this.reconciler = new RouteReconciler(netlink, config, Clock.SYSTEM, resync.toMillis());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("route-programmer").unstarted(r));
        this.monitor = namespace == null ? NetlinkMonitor.start(this::onEvent) : NetlinkMonitor.startIn(namespace, this::onEvent);
        long tick = Math.max(50, Math.min(1000, resync.toMillis()));
        loop.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts programming the kernel of {@code namespace} (null: this process's namespace).
     * {@code onReport} sees every apply that wrote something or failed.
     */
    public static RouteProgrammer start(String namespace, PlannerConfig config, Duration resync,
                                        Consumer<ReconcileReport> onReport) {
        Netlink nl = namespace == null ? LinuxNetlink.open() : LinuxNetlink.openIn(namespace);
        return new RouteProgrammer(nl, namespace, config, resync, onReport);
    }

    /** The new desired state; applied promptly. */
    public void setIntent(Intent i) {
        intent.set(i);
        schedule();
    }

    /** Re-reads the kernel before the next apply (and schedules one), as a link event would. */
    public void requestResync() {
        loop.execute(reconciler::requestResync);
        schedule();
    }

    public ReconcileReport lastReport() {
        return lastReport.get();
    }

    /** Runs one apply now on the programmer's thread and returns its report. */
    public ReconcileReport applyNow() throws Exception {
        return loop.submit(this::applyOnce).get(60, TimeUnit.SECONDS);
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
            loop.execute(reconciler::requestResync);
            schedule();
        }
    }

    private synchronized void schedule() {
        if (pending == null || pending.isDone()) {
            pending = loop.schedule(this::applyOnce, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        if (intent.get() != null && reconciler.resyncDue()) {
            applyOnce();
        }
    }

    private ReconcileReport applyOnce() {
        Intent i = intent.get();
        if (i == null) {
            return null;
        }
        ReconcileReport r;
        try {
            r = reconciler.apply(i);
        } catch (RuntimeException e) {
            reconciler.requestResync();
            LOG.warn("apply failed; the kernel is re-read before the next one", e);
            return null;
        }
        lastReport.set(r);
        if (r.writes() > 0 || !r.ok()) {
            onReport.accept(r);
        }
        return r;
    }

    @Override
    public void close() {
        monitor.close();
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        netlink.close();
    }
}
