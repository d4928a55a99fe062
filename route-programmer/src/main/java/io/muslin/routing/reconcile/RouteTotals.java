package io.muslin.routing.reconcile;

import io.muslin.routing.RouteKind;
import java.util.Map;

/**
 * Counts over every route the programmer knows, kept as routes change (no walk over the table):
 * planned routes by kind; installed as planned; failed (a reason is known); pending (planned,
 * not written yet); stale routes of ours kept in the kernel until the Loc-RIB is complete.
 */
public record RouteTotals(Map<RouteKind, Long> byKind, long installed, long failed, long pending, long kept) {

    public static final RouteTotals NONE = new RouteTotals(Map.of(), 0, 0, 0, 0);

    public RouteTotals {
        byKind = Map.copyOf(byKind);
    }

    public long of(RouteKind kind) {
        return byKind.getOrDefault(kind, 0L);
    }

    public long planned() {
        return byKind.values().stream().mapToLong(Long::longValue).sum();
    }
}
