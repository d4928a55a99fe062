package io.muslin.agent.status;

import java.time.Instant;
import java.util.Map;

/**
 * The routes this agent programs.
 *
 * @param programmed     routes in the kernel, by kind
 * @param notInstalled   wanted routes the kernel does not have (each with its reason in {@code /routes})
 * @param firstApplyDone the first complete apply after start is done (a condition of readiness)
 * @param lastReconcile  when the kernel was last compared with the wanted routes; null before the first time
 * @param lastError      the last reconcile error; null when the last reconcile succeeded
 */
public record RouteSummary(Map<RouteKind, Integer> programmed, int notInstalled, boolean firstApplyDone, Instant lastReconcile,
                           String lastError) {
    public RouteSummary {
        programmed = Map.copyOf(programmed);
    }

    /** Nothing programmed yet. */
    public static RouteSummary none() {
        return new RouteSummary(Map.of(), 0, false, null, null);
    }
}
