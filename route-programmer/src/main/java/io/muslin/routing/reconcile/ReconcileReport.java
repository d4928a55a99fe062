package io.muslin.routing.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one {@link RouteReconciler#apply}: whether the kernel was re-read (a full
 * pass) or only changed routes were handled (incremental), how many destinations were looked
 * at, routes deleted and replaced, deletions withheld because the Loc-RIB is not complete yet,
 * neighbour/FDB and device writes, errors (the first {@value #LISTED} listed, all counted), the
 * planner's problems (likewise), the tunnel status, and how long it took.
 * {@link #writes()} is 0 when nothing needed doing.
 */
public record ReconcileReport(boolean resynced, int routesConsidered, int deleted, int replaced, int kept,
                              int neighbourWrites, int deviceWrites, List<RouteError> errors, int errorCount,
                              List<String> problems, TunnelStatus tunnels, long durationNanos) {

    /** Errors and problems listed per report; the rest are only counted. */
    public static final int LISTED = 100;

    public ReconcileReport {
        errors = List.copyOf(errors.size() > LISTED ? errors.subList(0, LISTED) : errors);
        problems = List.copyOf(problems.size() > LISTED ? problems.subList(0, LISTED) : problems);
        errorCount = Math.max(errorCount, errors.size());
    }

    /** Nothing read, nothing written (no intent yet, or nothing to do). */
    public static ReconcileReport idle(TunnelStatus tunnels) {
        return new ReconcileReport(false, 0, 0, 0, 0, 0, 0, List.of(), 0, List.of(), tunnels, 0);
    }

    public int writes() {
        return deleted + replaced + neighbourWrites + deviceWrites;
    }

    public boolean ok() {
        return errorCount == 0;
    }

    /** This report followed by {@code later}: counts added, lists joined, the later tunnel status. */
    public ReconcileReport then(ReconcileReport later) {
        List<RouteError> e = new ArrayList<>(errors);
        e.addAll(later.errors);
        List<String> p = new ArrayList<>(problems);
        p.addAll(later.problems);
        return new ReconcileReport(resynced || later.resynced, routesConsidered + later.routesConsidered,
                deleted + later.deleted, replaced + later.replaced, kept + later.kept,
                neighbourWrites + later.neighbourWrites, deviceWrites + later.deviceWrites, e,
                errorCount + later.errorCount, p, later.tunnels, durationNanos + later.durationNanos);
    }
}
