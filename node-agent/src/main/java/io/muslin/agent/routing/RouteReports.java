package io.muslin.agent.routing;

import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.RouteEntry;
import io.muslin.agent.status.RouteSummary;
import io.muslin.net.IpAddress;
import io.muslin.routing.RouteKind;
import io.muslin.routing.linux.ProgrammerStatus;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteStatus;
import io.muslin.routing.reconcile.TunnelStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route programmer as the agent reports it. Every apply's report passes through
 * {@link #onReport} (on the programmer's thread): its duration goes to the reconcile histogram,
 * and a tunnel the kernel cannot make (no ipip module) is logged and put in the recent errors once
 * per change of its state — never hidden, never repeated every apply. {@link #summary} and
 * {@link #entries} read the programmer's published status without waiting for it.
 */
public final class RouteReports {
    private static final Logger log = LoggerFactory.getLogger(RouteReports.class);
    /** Routes listed by {@code /routes}: the first ones in prefix order. */
    public static final int LISTED_ROUTES = 10_000;

    private final AgentMetrics metrics;
    private final RecentErrors errors;
    private final Clock clock;
    private volatile Supplier<ProgrammerStatus> status = () -> null;
    private volatile Instant lastReconcile;
    private volatile String lastError;
    private final Map<String, TunnelStatus.State> toldTunnels = new HashMap<>();

    public RouteReports(AgentMetrics metrics, RecentErrors errors, Clock clock) {
        this.metrics = metrics;
        this.errors = errors;
        this.clock = clock;
    }

    /** Where the programmer's status is read (set once the programmer runs). */
    public void readFrom(Supplier<ProgrammerStatus> s) {
        this.status = s;
    }

    public void onReport(ReconcileReport r) {
        if (r.writes() > 0 || r.resynced() || r.errorCount() > 0) {
            metrics.reconciled(Duration.ofNanos(r.durationNanos()), r.errorCount() > 0);
            lastReconcile = clock.instant();
            if (log.isDebugEnabled()) {
                log.debug("apply: resynced={} considered={} replaced={} deleted={} kept={} errors={} took={}ms",
                        r.resynced(), r.routesConsidered(), r.replaced(), r.deleted(), r.kept(), r.errorCount(),
                        r.durationNanos() / 1_000_000);
            }
        }
        lastError = r.ok() ? null : r.errors().isEmpty() ? r.errorCount() + " error(s)"
                : r.errors().getFirst().object() + ": " + r.errors().getFirst().reason()
                + (r.errorCount() > 1 ? " (and " + (r.errorCount() - 1) + " more)" : "");
        tunnel("ipip", r.tunnels().ipip(), r.tunnels().ipipDetail());
        tunnel("vxlan", r.tunnels().vxlan(), r.tunnels().vxlanDetail());
    }

    private synchronized void tunnel(String name, TunnelStatus.State state, String detail) {
        if (toldTunnels.put(name, state) == state) {
            return;
        }
        if (state == TunnelStatus.State.UNSUPPORTED || state == TunnelStatus.State.FAILED) {
            String text = name + " tunnel " + state.name().toLowerCase(Locale.ROOT) + ": " + detail
                    + "; routes that need it are not installed (no fallback)";
            log.error(text);
            errors.add("routes", text);
        }
    }

    /** The summary for {@code /status} and the metrics. */
    public RouteSummary summary() {
        ProgrammerStatus s = status.get();
        if (s == null) {
            return RouteSummary.none();
        }
        Map<RouteKind, Integer> byKind = new HashMap<>();
        s.totals().byKind().forEach((k, n) -> byKind.put(k, (int) Math.min(Integer.MAX_VALUE, n)));
        Map<String, String> tunnels = Map.of("ipip", label(s.tunnels().ipip()), "vxlan", label(s.tunnels().vxlan()));
        boolean firstApplyDone = s.hasIntent() && s.synced() && s.learnedComplete();
        return new RouteSummary(byKind, (int) Math.min(Integer.MAX_VALUE, s.totals().failed()), firstApplyDone, lastReconcile,
                lastError, tunnels);
    }

    static String label(TunnelStatus.State s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The routes as {@code /routes} lists them. */
    public static List<RouteEntry> entries(List<RouteStatus> routes) {
        return routes.stream().map(RouteReports::entry).toList();
    }

    static RouteEntry entry(RouteStatus r) {
        String hops = r.nextHops().isEmpty() ? null : r.nextHops().stream().map(IpAddress::toString).collect(Collectors.joining(","));
        String devices = r.devices().isEmpty() ? null : String.join(",", r.devices());
        return new RouteEntry(r.prefix().toString(), hops, r.kind(), devices, r.installed(), r.reason());
    }
}
