package io.muslin.routing.reconcile;

import java.util.List;

/**
 * The outcome of one {@link RouteReconciler#apply}: whether the kernel was re-read, how many
 * routes were deleted and replaced, neighbour/FDB and device writes, per-object errors, the
 * planner's problems, and the tunnel status. {@link #writes()} is 0 when nothing needed doing.
 */
public record ReconcileReport(boolean resynced, int deleted, int replaced, int neighbourWrites, int deviceWrites,
                              List<RouteError> errors, List<String> problems, TunnelStatus tunnels) {

    public ReconcileReport {
        errors = List.copyOf(errors);
        problems = List.copyOf(problems);
    }

    public int writes() {
        return deleted + replaced + neighbourWrites + deviceWrites;
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
