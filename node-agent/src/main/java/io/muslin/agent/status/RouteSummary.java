package io.muslin.agent.status;

import io.muslin.routing.RouteKind;
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
 * @param tunnels        the tunnel devices by name ({@code ipip}, {@code vxlan}): {@code not-needed},
 *                       {@code ready}, {@code unsupported} (this kernel lacks the module) or {@code failed}
 */
public record RouteSummary(Map<RouteKind, Integer> programmed, int notInstalled, boolean firstApplyDone, Instant lastReconcile,
                           String lastError, Map<String, String> tunnels) {
    public static final String UNSUPPORTED = "unsupported";

    public RouteSummary {
        programmed = Map.copyOf(programmed);
        tunnels = tunnels == null ? Map.of() : Map.copyOf(tunnels);
    }

    /** Nothing programmed yet. */
    public static RouteSummary none() {
        return new RouteSummary(Map.of(), 0, false, null, null, Map.of());
    }

    /** The tunnel ({@code ipip}, {@code vxlan}) is wanted but this kernel cannot make it. */
    public boolean unsupported(String tunnel) {
        return UNSUPPORTED.equals(tunnels.get(tunnel));
    }
}
