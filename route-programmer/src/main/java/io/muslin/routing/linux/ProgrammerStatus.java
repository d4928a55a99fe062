package io.muslin.routing.linux;

import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteTotals;
import io.muslin.routing.reconcile.TunnelStatus;

/**
 * The route programmer at a glance, published after every apply and read without waiting:
 * whether it has an intent yet, has read the kernel, and has a complete Loc-RIB; route counts
 * by kind and outcome; the tunnel devices; the last apply (duration, writes, errors); and how
 * many learned-route changes are queued.
 */
public record ProgrammerStatus(boolean hasIntent, boolean synced, boolean learnedComplete, RouteTotals totals,
                               TunnelStatus tunnels, ReconcileReport lastApply, long applies, int pendingChanges) {

    static final ProgrammerStatus STARTING = new ProgrammerStatus(false, false, false, RouteTotals.NONE,
            TunnelStatus.NONE, null, 0, 0);
}
