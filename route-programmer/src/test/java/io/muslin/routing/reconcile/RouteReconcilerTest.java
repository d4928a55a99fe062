package io.muslin.routing.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Link;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.fake.FakeNetlink;
import io.muslin.netlink.wire.Errno;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against a fake kernel with failure injection and a fake clock. */
class RouteReconcilerTest {
    private static final int OURS = Rt.PROT_MUSLIN;
    private static final long RESYNC = 30_000;
    private final long[] now = {0};
    private FakeNetlink kernel;
    private int eth0;
    private RouteReconciler rec;

    @BeforeEach
    void setUp() {
        kernel = new FakeNetlink();
        eth0 = kernel.addInterface("eth0", 1500, "10.57.4.20/24");
        rec = new RouteReconciler(kernel, PlannerConfig.DEFAULT, () -> now[0], RESYNC);
    }

    private static Intent intent(Pool pool, LearnedRoute... learned) {
        return new Intent(IpAddress.parse("10.57.4.20"), List.of(pool), List.of(IpPrefix.parse("192.168.10.0/24")),
                List.of(learned), null);
    }

    private static final Intent HOSTGW = intent(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET),
            LearnedRoute.of("192.168.11.0/24", "10.57.4.21"), LearnedRoute.of("192.168.12.0/24", "10.57.4.22"));

    private Route kernelRoute(String dst) {
        return kernel.routes().stream().filter(r -> r.dst().equals(IpPrefix.parse(dst))).findFirst().orElse(null);
    }

    @Test
    void firstApplyProgramsAndASecondApplyDoesNothing() {
        ReconcileReport first = rec.apply(HOSTGW);
        assertThat(first.ok()).as(first.errors().toString()).isTrue();
        assertThat(first.resynced()).isTrue();
        assertThat(kernelRoute("192.168.11.0/24")).isEqualTo(Route.to("192.168.11.0/24").via("10.57.4.21").dev(eth0).protocol(OURS).build());
        assertThat(kernelRoute("192.168.10.0/24").type().name()).isEqualTo("BLACKHOLE");
        int writes = kernel.writes();
        int dumps = kernel.dumps();
        ReconcileReport second = rec.apply(HOSTGW);
        assertThat(second.writes()).isZero();
        assertThat(kernel.writes()).isEqualTo(writes);
        assertThat(kernel.dumps()).isEqualTo(dumps);
    }

    @Test
    void writesNothingBeforeTheFirstSuccessfulDump() {
        kernel.failNextDumps(1);
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("nothing written"));
        assertThat(kernel.writes()).isZero();
        assertThat(rec.synced()).isFalse();
        assertThat(rec.apply(HOSTGW).replaced()).isEqualTo(3);
    }

    @Test
    void foreignRoutesAreLeftAloneEvenOnAKeyWeWant() {
        Route foreign = Route.to("192.168.12.0/24").via("10.57.4.99").dev(eth0).protocol(Rt.PROT_STATIC).build();
        Route other = Route.to("10.200.0.0/16").via("10.57.4.1").dev(eth0).protocol(Rt.PROT_BIRD).build();
        kernel.putRoute(foreign);
        kernel.putRoute(other);
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(kernelRoute("192.168.12.0/24")).isEqualTo(foreign);
        assertThat(kernelRoute("10.200.0.0/16")).isEqualTo(other);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("foreign route (proto 4)"));
        // Never replaced or deleted: the one write on the foreign destination is an exclusive add the kernel refuses.
        assertThat(kernel.log()).noneMatch(s -> s.contains("10.200.0.0"))
                .filteredOn(s -> s.contains("192.168.12.0")).singleElement().satisfies(s -> assertThat(s).startsWith("route add"));
    }

    @Test
    void staleRoutesOfOursAreDeletedFirst() {
        kernel.putRoute(Route.to("192.168.99.0/24").via("10.57.4.99").dev(eth0).protocol(OURS).build());
        kernel.putRoute(Route.to("192.168.11.0/24").via("10.57.4.98").dev(eth0).protocol(OURS).build());
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(kernelRoute("192.168.99.0/24")).isNull();
        assertThat(kernelRoute("192.168.11.0/24").gateway()).isEqualTo(IpAddress.parse("10.57.4.21"));
        List<String> log = kernel.log().stream().filter(s -> s.startsWith("route")).toList();
        assertThat(log.getFirst()).startsWith("route del 192.168.99.0/24");
        assertThat(log.subList(1, log.size())).as(log.toString()).allMatch(s -> s.startsWith("route replace") || s.startsWith("route add"));
    }

    @Test
    void errorsArePerRouteAndRetried() {
        kernel.failRoute("192.168.12.0/24", Errno.ENETUNREACH);
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.object()).contains("192.168.12.0/24");
            assertThat(e.reason()).isEqualTo("ENETUNREACH");
        });
        assertThat(kernelRoute("192.168.11.0/24")).isNotNull();
        kernel.failRoute("192.168.12.0/24", 0);
        ReconcileReport again = rec.apply(HOSTGW);
        assertThat(again.replaced()).isEqualTo(1);
        assertThat(kernelRoute("192.168.12.0/24")).isNotNull();
    }

    @Test
    void aRouteDeletedByHandComesBackOnTheTimer() {
        rec.apply(HOSTGW);
        kernel.removeRoute("192.168.11.0/24");
        assertThat(rec.apply(HOSTGW).writes()).isZero(); // not known yet: no dump before the timer
        now[0] += RESYNC;
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(r.resynced()).isTrue();
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(kernelRoute("192.168.11.0/24")).isNotNull();
    }

    @Test
    void linkDownAndUpIsRepairedOnRequest() {
        rec.apply(HOSTGW);
        kernel.linkSetUp(eth0, false);
        assertThat(kernelRoute("192.168.11.0/24")).isNull();
        kernel.linkSetUp(eth0, true);
        rec.requestResync(); // what the monitor does on RTM_NEWLINK
        ReconcileReport r = rec.apply(HOSTGW);
        assertThat(r.replaced()).isEqualTo(2);
        assertThat(kernelRoute("192.168.11.0/24")).isNotNull();
    }

    @Test
    void noIpipInTheKernelIsReportedAndNothingFallsBack() {
        kernel.setIpipSupported(false);
        Intent cross = intent(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET),
                LearnedRoute.of("192.168.11.0/24", "10.57.4.21"), LearnedRoute.of("192.168.13.0/24", "10.57.5.21"));
        ReconcileReport r = rec.apply(cross);
        assertThat(r.tunnels().ipip()).isEqualTo(TunnelStatus.State.UNSUPPORTED);
        assertThat(r.tunnels().ipipDetail()).contains("no ipip support").contains("EOPNOTSUPP");
        assertThat(r.errors()).anyMatch(e -> e.object().contains("192.168.13.0/24") && e.reason().contains("no ipip support"));
        assertThat(kernelRoute("192.168.13.0/24")).isNull();
        assertThat(kernelRoute("192.168.11.0/24")).isNotNull();
    }

    @Test
    void tunl0IsCreatedUpWithMtuAndAddress() {
        Intent cross = intent(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET), LearnedRoute.of("192.168.13.0/24", "10.57.5.21"));
        ReconcileReport r = rec.apply(cross);
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        Link tunl0 = kernel.linkByName("tunl0").orElseThrow();
        assertThat(tunl0.mtu()).isEqualTo(1480);
        assertThat(tunl0.up()).isTrue();
        assertThat(kernel.addrList(0)).anyMatch(a -> a.ifIndex() == tunl0.index() && a.address().toString().equals("192.168.10.0/32"));
        assertThat(kernelRoute("192.168.13.0/24")).isEqualTo(Route.to("192.168.13.0/24").via("10.57.5.21").dev(tunl0.index()).onlink().protocol(OURS).build());
        assertThat(rec.apply(cross).writes()).isZero();
    }

    @Test
    void vxlanDeviceNeighboursAndFdbFollowThePeers() {
        Intent vx = intent(Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET), LearnedRoute.of("192.168.13.0/24", "10.57.5.21"));
        ReconcileReport r = rec.apply(vx);
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        Link dev = kernel.linkByName("vxlan.muslin").orElseThrow();
        assertThat(dev.mtu()).isEqualTo(1450);
        assertThat(dev.up()).isTrue();
        assertThat(dev.address()).isEqualTo(MacAddress.parse("02:4d:0a:39:04:14"));
        MacAddress peerMac = MacAddress.parse("02:4d:0a:39:05:15");
        assertThat(kernel.neighbours()).containsExactlyInAnyOrder(
                Neigh.permanent(dev.index(), IpAddress.parse("10.57.5.21"), peerMac),
                Neigh.fdb(dev.index(), peerMac, IpAddress.parse("10.57.5.21")));
        assertThat(rec.apply(vx).writes()).isZero();
        ReconcileReport gone = rec.apply(vx.withLearned(List.of()));
        assertThat(gone.deleted()).isEqualTo(1);
        assertThat(kernel.neighbours()).isEmpty();
    }

    @Test
    void ecmpBecomesOneMultipathRoute() {
        Intent ecmp = intent(Pool.hostGw("192.168.0.0/16"), LearnedRoute.of("192.168.20.0/24", "10.57.4.21", "10.57.4.22"));
        rec.apply(ecmp);
        assertThat(kernelRoute("192.168.20.0/24").nextHops()).hasSize(2);
        assertThat(rec.apply(ecmp).writes()).isZero();
    }
}
