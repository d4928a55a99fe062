package io.muslin.routing.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Route;
import io.muslin.netlink.RouteType;
import io.muslin.netlink.Rt;
import io.muslin.netlink.fake.FakeNetlink;
import io.muslin.netlink.wire.Errno;
import io.muslin.routing.EncapMode;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.RouteKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental path and restarts, against the fake kernel: a change is planned and written
 * alone; while the Loc-RIB is incomplete nothing of ours is deleted; status and totals follow.
 */
class IncrementalAndRestartTest {
    private static final int OURS = Rt.PROT_MUSLIN;
    private final long[] now = {0};
    private FakeNetlink kernel;
    private int eth0;
    private RouteReconciler rec;

    private static final NodeIntent NODE = new NodeIntent(IpAddress.parse("10.57.4.20"),
            List.of(Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET)), List.of(IpPrefix.parse("192.168.10.0/24")), null);

    @BeforeEach
    void setUp() {
        kernel = new FakeNetlink();
        eth0 = kernel.addInterface("eth0", 1500, "10.57.4.20/24");
        rec = new RouteReconciler(kernel, PlannerConfig.DEFAULT, () -> now[0], 30_000);
    }

    private Route kernelRoute(String dst) {
        return kernel.routes().stream().filter(r -> r.dst().equals(IpPrefix.parse(dst))).findFirst().orElse(null);
    }

    private List<String> routeWrites() {
        return kernel.log().stream().filter(s -> s.startsWith("route")).toList();
    }

    @Test
    void nothingIsReadOrWrittenBeforeTheFirstIntent() {
        kernel.putRoute(Route.to("192.168.99.0/24").via("10.57.4.99").dev(eth0).protocol(OURS).build());
        rec.updateLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")));
        ReconcileReport r = rec.apply();
        assertThat(r.writes()).isZero();
        assertThat(kernel.dumps()).isZero();
        assertThat(kernel.writes()).isZero();
        assertThat(rec.workPending()).isFalse();
    }

    @Test
    void aChangeIsPlannedAndWrittenAloneWithoutReadingTheKernel() {
        rec.setNode(NODE);
        List<LearnedRoute> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new LearnedRoute(IpPrefix.host(IpAddress.v4(0xC0A86400 + i)), List.of(IpAddress.parse("10.57.4.21"))));
        }
        rec.replaceLearned(many, true);
        ReconcileReport first = rec.apply();
        assertThat(first.resynced()).isTrue();
        assertThat(first.replaced()).isEqualTo(1001);
        int dumps = kernel.dumps();
        int writes = kernel.writes();

        rec.updateLearned(List.of(LearnedRoute.of("192.168.100.7/32", "10.57.4.22"), LearnedRoute.withdrawn(IpPrefix.parse("192.168.100.8/32")),
                LearnedRoute.of("192.168.200.0/24", "10.57.4.23")));
        ReconcileReport r = rec.apply();
        assertThat(r.resynced()).isFalse();
        assertThat(r.routesConsidered()).isEqualTo(3);
        assertThat(r.replaced()).isEqualTo(2);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(kernel.dumps()).as("no dump for a change").isEqualTo(dumps);
        assertThat(kernel.writes() - writes).isEqualTo(3);
        assertThat(kernelRoute("192.168.100.7/32").gateway()).isEqualTo(IpAddress.parse("10.57.4.22"));
        assertThat(kernelRoute("192.168.100.8/32")).isNull();
        assertThat(kernelRoute("192.168.200.0/24")).isNotNull();
        assertThat(rec.apply().writes()).isZero();
    }

    @Test
    void theLastChangeForAPrefixWins() {
        rec.setNode(NODE);
        rec.replaceLearned(List.of(), true);
        rec.apply();
        rec.updateLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21"), LearnedRoute.withdrawn(IpPrefix.parse("192.168.11.0/24")),
                LearnedRoute.of("192.168.11.0/24", "10.57.4.23")));
        ReconcileReport r = rec.apply();
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(kernelRoute("192.168.11.0/24").gateway()).isEqualTo(IpAddress.parse("10.57.4.23"));
    }

    @Test
    void aRestartDeletesNothingOfOursUntilTheLocRibIsComplete() {
        // The kernel as the previous process left it: learned routes, the blackhole, a vxlan peer.
        Route learnedA = Route.to("192.168.11.0/24").via("10.57.4.21").dev(eth0).protocol(OURS).build();
        Route learnedB = Route.to("192.168.12.0/24").via("10.57.4.22").dev(eth0).protocol(OURS).build();
        Route oldBlackhole = Route.to("192.168.77.0/24").blackhole().protocol(OURS).build();
        kernel.putRoute(learnedA);
        kernel.putRoute(learnedB);
        kernel.putRoute(oldBlackhole);
        kernel.putRoute(Route.to("192.168.10.0/24").blackhole().protocol(OURS).build());

        rec.setNode(NODE); // the agent knows its node before BGP is back; the Loc-RIB is empty and incomplete
        ReconcileReport start = rec.apply();
        assertThat(start.deleted()).isZero();
        assertThat(start.kept()).isEqualTo(3);
        assertThat(routeWrites()).as("the blackhole is there already: nothing written").isEmpty();
        assertThat(rec.totals().kept()).isEqualTo(3);
        assertThat(rec.route(IpPrefix.parse("192.168.11.0/24")).reason()).contains("kept until the Loc-RIB is complete");

        // The speaker's snapshot while it still waits for End-of-RIBs: one route changed, one new, B missing.
        rec.replaceLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.25"), LearnedRoute.of("192.168.13.0/24", "10.57.4.23")), false);
        ReconcileReport partial = rec.apply();
        assertThat(partial.deleted()).isZero();
        assertThat(partial.replaced()).isEqualTo(2);
        assertThat(kernelRoute("192.168.12.0/24")).isEqualTo(learnedB);
        assertThat(kernelRoute("192.168.77.0/24")).isEqualTo(oldBlackhole);
        // A withdrawal before completeness does not delete either.
        rec.updateLearned(List.of(LearnedRoute.withdrawn(IpPrefix.parse("192.168.13.0/24"))));
        assertThat(rec.apply().deleted()).isZero();
        assertThat(kernelRoute("192.168.13.0/24")).isNotNull();
        now[0] += 60_000; // even a timer resync deletes nothing meanwhile
        ReconcileReport timer = rec.apply();
        assertThat(timer.resynced()).isTrue();
        assertThat(timer.deleted()).isZero();
        assertThat(routeWrites()).noneMatch(s -> s.startsWith("route del"));

        // End-of-RIB from every peer: the complete snapshot; the stale ones go, and only they.
        rec.replaceLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.25")), true);
        ReconcileReport done = rec.apply();
        assertThat(done.resynced()).isTrue();
        assertThat(done.deleted()).isEqualTo(3);
        assertThat(kernelRoute("192.168.12.0/24")).isNull();
        assertThat(kernelRoute("192.168.13.0/24")).isNull();
        assertThat(kernelRoute("192.168.77.0/24")).isNull();
        assertThat(kernelRoute("192.168.11.0/24").gateway()).isEqualTo(IpAddress.parse("10.57.4.25"));
        assertThat(kernelRoute("192.168.10.0/24").type()).isEqualTo(RouteType.BLACKHOLE);
        assertThat(rec.totals().kept()).as(rec.routes(100).toString()).isZero();
    }

    @Test
    void tunnelDevicesAndTheirEntriesStayWhileIncomplete() {
        NodeIntent vxlanNode = NODE;
        rec.setNode(vxlanNode);
        rec.replaceLearned(List.of(LearnedRoute.of("192.168.13.0/24", "10.57.5.21")), true);
        rec.apply();
        assertThat(kernel.linkByName("vxlan.muslin")).isPresent();
        assertThat(kernel.neighbours()).hasSize(2);

        // A new process: no pool uses vxlan yet as far as it knows, and the Loc-RIB is incomplete.
        RouteReconciler restarted = new RouteReconciler(kernel, PlannerConfig.DEFAULT, () -> now[0], 30_000);
        restarted.setNode(new NodeIntent(vxlanNode.nodeAddress(), List.of(Pool.hostGw("192.168.0.0/16")), vxlanNode.ownBlocks(), null));
        ReconcileReport r = restarted.apply();
        assertThat(r.deleted()).isZero();
        assertThat(kernel.linkByName("vxlan.muslin")).as("not torn down at start-up").isPresent();
        assertThat(kernel.neighbours()).hasSize(2);
        assertThat(kernelRoute("192.168.13.0/24")).isNotNull();
        // Complete, and still no pool wants vxlan: the device goes, with its route.
        restarted.replaceLearned(List.of(), true);
        ReconcileReport complete = restarted.apply();
        assertThat(complete.deleted()).isEqualTo(1);
        assertThat(kernel.linkByName("vxlan.muslin")).as("no pool uses vxlan any more").isEmpty();
    }

    @Test
    void statusTellsKindDeviceAndWhyNot() {
        kernel.setIpipSupported(false);
        rec.setNode(new NodeIntent(IpAddress.parse("10.57.4.20"), List.of(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET),
                Pool.vxlan("172.16.0.0/16", EncapMode.ALWAYS)), List.of(IpPrefix.parse("192.168.10.0/24")), null));
        kernel.failRoute("192.168.14.0/24", Errno.ENETUNREACH);
        rec.replaceLearned(List.of(
                LearnedRoute.of("192.168.11.0/24", "10.57.4.21"),   // same subnet: direct
                LearnedRoute.of("192.168.12.0/24", "10.57.5.21"),   // other subnet, ipip: no ipip in this kernel
                LearnedRoute.of("172.16.1.0/24", "10.57.5.22"),     // vxlan Always
                LearnedRoute.of("10.200.0.0/16", "10.57.6.1"),      // no pool, not connected: the fabric (the kernel wants it on-link)
                LearnedRoute.of("192.168.14.0/24", "10.57.4.24"),   // the kernel refuses it
                LearnedRoute.of("192.168.15.0/24", "10.57.4.20")),  // only back to ourselves
                true);
        ReconcileReport r = rec.apply();
        List<RouteStatus> all = rec.routes(100);
        assertThat(all).extracting(s -> s.prefix().toString()).containsExactly("10.200.0.0/16", "172.16.1.0/24",
                "192.168.10.0/24", "192.168.11.0/24", "192.168.12.0/24", "192.168.14.0/24", "192.168.15.0/24");
        assertThat(status(all, "192.168.11.0/24")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(RouteKind.DIRECT);
            assertThat(s.devices()).containsExactly("eth0");
            assertThat(s.installed()).isTrue();
            assertThat(s.reason()).isNull();
        });
        assertThat(status(all, "192.168.12.0/24")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(RouteKind.IPIP);
            assertThat(s.installed()).isFalse();
            assertThat(s.reason()).contains("no ipip support");
        });
        assertThat(status(all, "172.16.1.0/24")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(RouteKind.VXLAN);
            assertThat(s.devices()).containsExactly("vxlan.muslin");
            assertThat(s.installed()).isTrue();
        });
        assertThat(status(all, "10.200.0.0/16")).satisfies(s -> {
            assertThat(s.kind()).isEqualTo(RouteKind.FABRIC);
            assertThat(s.devices()).isEmpty();
            assertThat(s.reason()).isEqualTo("ENETUNREACH");
        });
        assertThat(status(all, "192.168.10.0/24").kind()).isEqualTo(RouteKind.BLACKHOLE);
        assertThat(status(all, "192.168.14.0/24").reason()).isEqualTo("ENETUNREACH");
        assertThat(status(all, "192.168.15.0/24")).satisfies(s -> {
            assertThat(s.kind()).isNull();
            assertThat(s.reason()).contains("no usable next hop");
        });
        RouteTotals t = rec.totals();
        assertThat(t.of(RouteKind.DIRECT)).isEqualTo(2);
        assertThat(t.of(RouteKind.IPIP)).isEqualTo(1);
        assertThat(t.of(RouteKind.VXLAN)).isEqualTo(1);
        assertThat(t.of(RouteKind.FABRIC)).isEqualTo(1);
        assertThat(t.of(RouteKind.BLACKHOLE)).isEqualTo(1);
        assertThat(t.installed()).isEqualTo(3);
        assertThat(t.failed()).isEqualTo(4);
        assertThat(r.errorCount()).isGreaterThanOrEqualTo(2);
        assertThat(rec.routes(2)).extracting(s -> s.prefix().toString()).containsExactly("10.200.0.0/16", "172.16.1.0/24");

        // The totals follow changes without a walk: one route withdrawn, the refused one accepted on retry.
        kernel.failRoute("192.168.14.0/24", 0);
        rec.updateLearned(List.of(LearnedRoute.withdrawn(IpPrefix.parse("192.168.11.0/24"))));
        rec.apply();
        assertThat(rec.totals().of(RouteKind.DIRECT)).isEqualTo(1);
        assertThat(rec.totals().installed()).as("192.168.14.0/24 retried and accepted").isEqualTo(3);
        assertThat(rec.totals().failed()).isEqualTo(3);
    }

    @Test
    void aRefusedWriteIsRetriedWithTheNextApply() {
        rec.setNode(NODE);
        kernel.failRoute("192.168.11.0/24", Errno.ENETUNREACH);
        rec.replaceLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")), true);
        assertThat(rec.apply().errorCount()).isEqualTo(1);
        kernel.failRoute("192.168.11.0/24", 0);
        rec.updateLearned(List.of(LearnedRoute.of("192.168.12.0/24", "10.57.4.22")));
        ReconcileReport r = rec.apply();
        assertThat(r.replaced()).isEqualTo(2);
        assertThat(r.ok()).isTrue();
    }

    @Test
    void cleanupRemovesOursAndLeavesTheRest() {
        rec.setNode(new NodeIntent(IpAddress.parse("10.57.4.20"), List.of(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET),
                Pool.vxlan("172.16.0.0/16", EncapMode.ALWAYS)), List.of(IpPrefix.parse("192.168.10.0/24")), null));
        rec.replaceLearned(List.of(LearnedRoute.of("192.168.12.0/24", "10.57.5.21"), LearnedRoute.of("172.16.1.0/24", "10.57.5.22")), true);
        assertThat(rec.apply().ok()).isTrue();
        Route foreign = Route.to("10.99.0.0/24").via("10.57.4.1").dev(eth0).protocol(Rt.PROT_STATIC).build();
        kernel.putRoute(foreign);
        int tunl0 = kernel.linkByName("tunl0").orElseThrow().index();
        assertThat(kernel.addrList(0)).anyMatch(a -> a.ifIndex() == tunl0);

        CleanupReport c = Cleanup.removeAll(kernel, PlannerConfig.DEFAULT);
        assertThat(c.ok()).as(c.errors().toString()).isTrue();
        assertThat(c.routesDeleted()).isEqualTo(3);
        assertThat(c.vxlanDeviceDeleted()).isTrue();
        assertThat(c.tunnelAddressesRemoved()).isEqualTo(1);
        assertThat(kernel.routes()).containsExactly(foreign);
        assertThat(kernel.linkByName("vxlan.muslin")).isEmpty();
        assertThat(kernel.linkByName("tunl0")).as("tunl0 belongs to the ipip module").isPresent();
        assertThat(kernel.addrList(0)).noneMatch(a -> a.ifIndex() == tunl0);
    }

    private static RouteStatus status(List<RouteStatus> all, String prefix) {
        return all.stream().filter(s -> s.prefix().toString().equals(prefix)).findFirst().orElseThrow();
    }
}
