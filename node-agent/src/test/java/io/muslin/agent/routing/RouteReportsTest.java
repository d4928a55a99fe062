package io.muslin.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.RecentErrors;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.TunnelStatus;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kernel without ipip is reported — once per change, in the recent errors — never hidden. */
class RouteReportsTest {
    static ReconcileReport report(TunnelStatus t) {
        return new ReconcileReport(true, 3, 0, 2, 0, 0, 0, List.of(), 0, List.of(), t, 1_000_000);
    }

    @Test
    void aMissingIpipModuleIsReportedOnceAndAgainWhenItComesBackAfterBeingFixed() {
        RecentErrors errors = new RecentErrors(10, Clock.systemUTC());
        RouteReports r = new RouteReports(new AgentMetrics("n", "v", Clock.systemUTC()), errors, Clock.systemUTC());
        TunnelStatus noIpip = new TunnelStatus(TunnelStatus.State.UNSUPPORTED, "RTM_NEWLINK kind ipip: EOPNOTSUPP",
                TunnelStatus.State.NOT_NEEDED, "");
        r.onReport(report(noIpip));
        r.onReport(report(noIpip));
        assertThat(errors.snapshot()).singleElement().satisfies(e -> {
            assertThat(e.component()).isEqualTo("routes");
            assertThat(e.message()).contains("ipip tunnel unsupported").contains("EOPNOTSUPP").contains("not installed");
        });
        r.onReport(report(new TunnelStatus(TunnelStatus.State.READY, "", TunnelStatus.State.NOT_NEEDED, "")));
        r.onReport(report(noIpip));
        assertThat(errors.snapshot()).hasSize(2);
        assertThat(RouteReports.label(TunnelStatus.State.UNSUPPORTED)).isEqualTo("unsupported");
        assertThat(RouteReports.label(TunnelStatus.State.NOT_NEEDED)).isEqualTo("not-needed");
    }
}
