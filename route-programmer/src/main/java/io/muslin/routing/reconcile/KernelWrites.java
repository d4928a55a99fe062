package io.muslin.routing.reconcile;

import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.Route;
import java.util.ArrayList;
import java.util.List;

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
}
