package io.muslin.routing.reconcile;

import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel writes one apply planned: deletions first, then adds and replaces, each one
 * netlink batch. {@link #run} sends them (any thread, once); {@link RouteReconciler#finish}
 * takes the outcome on the reconciler's thread.
 */
public final class KernelWrites {
    private final Netlink kernel;
    final boolean full;
    final long startNanos;
    final List<RouteError> errors = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final int[] deviceWrites = {0};
    final List<RouteState> deletes = new ArrayList<>();
    final List<Route> strayDeletes = new ArrayList<>();
    final List<RouteState> replaces = new ArrayList<>();
    Batch dels = new Batch(0);
    Batch writes = new Batch(0);
    List<RouteState> round = List.of();
    int kept;
    /** Set when there is nothing to send: the outcome is known already (a failed dump). */
    ReconcileReport report;
    BatchResult delResult;
    BatchResult writeResult;
    private boolean ran;
    /** A route we did not write, of an owner not seen at the last dump, refused one of our adds. */
    boolean unknownOwnerSeen;

    KernelWrites(Netlink kernel, boolean full, long startNanos) {
        this.kernel = kernel;
        this.full = full;
        this.startNanos = startNanos;
    }

    /** Route messages to send. */
    public int size() {
        return dels.size() + writes.size();
    }

    /** Sends the batches and keeps what the kernel answered. */
    public void run() {
        if (ran) {
            throw new IllegalStateException("kernel writes already sent");
        }
        ran = true;
        if (report != null) {
            return;
        }
        delResult = dels.isEmpty() ? null : kernel.apply(dels);
        writeResult = writes.isEmpty() ? null : kernel.apply(writes);
    }

    /** Our deletions as the kernel took them: states updated, refusals kept for a retry. */
    int afterDeletes(RouteBook book, List<RouteState> retry, List<RouteError> errors) {
        BatchResult res = delResult;
        if (res == null) {
            return 0;
        }
        Set<Route.Key> failed = new HashSet<>();
        for (NetlinkException e : res.failures()) {
            Route r = ((Request.RouteDel) e.request()).target();
            if (e.errno() == Errno.ESRCH) {
                continue; // already gone: fine
            }
            failed.add(r.key());
            String why = e.errnoName() + (e.extAck() != null ? " (" + e.extAck() + ")" : "");
            RouteState st = book.get(r.dst());
            if (st != null && st.installed != null && st.installed.key().equals(r.key())) {
                st.problem = "delete failed: " + why;
                retry.add(st);
            } else {
                errors.add(new RouteError(r.dst().toString(), "delete", why));
            }
        }
        int deleted = 0;
        for (RouteState st : deletes) {
            if (!failed.contains(st.installed.key())) {
                st.installed = null;
                st.asPlanned = false;
                deleted++;
            }
        }
        for (Route r : strayDeletes) {
            if (!failed.contains(r.key())) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * What the kernel said to the wanted routes: an exclusive add was used where we knew of no
     * route of ours (so a route of another protocol on the destination makes the kernel say
     * EEXIST instead of being replaced), a replace where ours was there but different.
     */
    int afterWrites(KernelView view, List<RouteState> retry) {
        BatchResult res = writeResult;
        if (res == null) {
            return 0;
        }
        Map<Route.Key, NetlinkException> failed = new HashMap<>();
        for (NetlinkException e : res.failures()) {
            Route r = switch (e.request()) {
                case Request.RouteAdd a -> a.target();
                case Request.RouteReplace x -> x.target();
                default -> throw new IllegalStateException("unexpected " + e.request());
            };
            failed.put(r.key(), e);
        }
        int replaced = 0;
        for (RouteState st : replaces) {
            NetlinkException e = failed.isEmpty() ? null : failed.get(st.desired.key());
            if (e == null) {
                st.asPlanned = true;
                st.installed = null;
                st.problem = null;
                replaced++;
            } else if (e.request() instanceof Request.RouteAdd && e.errno() == Errno.EEXIST) {
                Integer other = view.foreignOwner(st.desired.key());
                st.problem = other != null ? "a foreign route (proto " + other + ") holds this destination; left alone"
                        : "a route we did not write holds this destination; left alone (re-read at the next resync)";
                unknownOwnerSeen |= other == null;
            } else {
                st.problem = e.errnoName() + (e.extAck() != null ? " (" + e.extAck() + ")" : "");
                retry.add(st);
            }
        }
        return replaced;
    }
}
