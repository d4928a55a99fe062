package io.muslin.routing.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.TunnelStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route programmer on real kernels: three nodes on two subnets, real pings between pods. */
class RouteProgrammerKernelTest {
    private Lab lab;
    private final List<RouteProgrammer> programmers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        lab = new Lab();
    }

    @AfterEach
    void tearDown() {
        programmers.forEach(RouteProgrammer::close);
        if (lab != null) {
            lab.close();
        }
    }

    private RouteProgrammer start(Lab.Node n, Duration resync) {
        RouteProgrammer p = RouteProgrammer.start(n.ns(), PlannerConfig.DEFAULT, resync, r -> { });
        programmers.add(p);
        return p;
    }

    private static Intent intent(Lab.Node self, Pool pool, Lab.Node... peers) {
        List<LearnedRoute> learned = new ArrayList<>();
        for (Lab.Node p : peers) {
            learned.add(LearnedRoute.of(p.block(), p.ip()));
        }
        return new Intent(IpAddress.parse(self.ip()), List.of(pool), List.of(IpPrefix.parse(self.block())), learned, null);
    }

    private static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    private static String routes(Lab.Node n) {
        return Lab.in(n.ns(), "ip", "route", "show");
    }

    @Test
    void hostGwBetweenNodesOnOneSubnetCarriesPings() throws Exception {
        Pool pool = Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET);
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        RouteProgrammer p2 = start(lab.node2, Duration.ofSeconds(30));
        p1.setIntent(intent(lab.node1, pool, lab.node2));
        p2.setIntent(intent(lab.node2, pool, lab.node1));
        ReconcileReport r1 = p1.applyNow();
        ReconcileReport r2 = p2.applyNow();
        assertThat(r1.errors()).isEmpty();
        assertThat(r2.errors()).isEmpty();
        assertThat(routes(lab.node1)).contains("192.168.11.0/24 via 10.57.4.21 dev eth0 proto 77")
                .contains("blackhole 192.168.10.0/24 proto 77");
        assertThat(Lab.ping(lab.node1, lab.node2, 5)).as("pod1 -> pod2 over host-gw").isTrue();
        assertThat(p1.applyNow().writes()).isZero();
    }

    @Test
    void vxlanBetweenSubnetsCarriesPings() throws Exception {
        Pool pool = Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET);
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        RouteProgrammer p3 = start(lab.node3, Duration.ofSeconds(30));
        p1.setIntent(intent(lab.node1, pool, lab.node3));
        p3.setIntent(intent(lab.node3, pool, lab.node1));
        assertThat(p1.applyNow().errors()).isEmpty();
        assertThat(p3.applyNow().errors()).isEmpty();
        assertThat(routes(lab.node1)).contains("192.168.12.0/24 via 10.57.5.21 dev vxlan.muslin proto 77 onlink");
        String dev = Lab.in(lab.node1.ns(), "ip", "-d", "link", "show", "vxlan.muslin");
        assertThat(dev).contains("mtu 1450").contains("vxlan id 4096").contains("local 10.57.4.20").contains("dstport 4789")
                .contains("nolearning").contains("02:4d:0a:39:04:14");
        assertThat(Lab.in(lab.node1.ns(), "bridge", "fdb", "show", "dev", "vxlan.muslin"))
                .contains("02:4d:0a:39:05:15 dst 10.57.5.21 self permanent");
        assertThat(Lab.ping(lab.node1, lab.node3, 5)).as("pod1 -> pod3 over vxlan across subnets").isTrue();
        // The router only ever saw the outer packets: it has no route to the pod network.
        assertThat(Lab.in(lab.router, "ip", "route", "show")).doesNotContain("192.168.");
    }

    @Test
    void routeDeletedByHandComesBackAndForeignRoutesStay() throws Exception {
        Pool pool = Pool.hostGw("192.168.0.0/16");
        Lab.in(lab.node1.ns(), "ip", "route", "add", "10.99.0.0/24", "via", "10.57.4.1", "proto", "static");
        Lab.in(lab.node1.ns(), "ip", "route", "add", "192.168.99.0/24", "via", "10.57.4.1", "proto", "77");
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        p1.setIntent(intent(lab.node1, pool, lab.node2));
        ReconcileReport first = p1.applyNow();
        assertThat(first.deleted()).as("the stale route of ours").isEqualTo(1);
        assertThat(routes(lab.node1)).doesNotContain("192.168.99.0/24").contains("10.99.0.0/24 via 10.57.4.1 dev eth0 proto static")
                .contains("192.168.11.0/24 via 10.57.4.21");
        Lab.in(lab.node1.ns(), "ip", "route", "del", "192.168.11.0/24");
        await("route restored after deletion by hand", () -> routes(lab.node1).contains("192.168.11.0/24 via 10.57.4.21"));
        assertThat(routes(lab.node1)).contains("10.99.0.0/24 via 10.57.4.1 dev eth0 proto static");
    }

    @Test
    void ipv6HostGwIsIdempotent() throws Exception {
        Lab.in(lab.node1.ns(), "ip", "-6", "addr", "add", "2001:db8:4::20/64", "dev", "eth0", "nodad");
        Pool pool = Pool.hostGw("fd00:10::/48");
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        p1.setIntent(new Intent(IpAddress.parse(lab.node1.ip()), List.of(pool), List.of(IpPrefix.parse("fd00:10:10::/64")),
                List.of(LearnedRoute.of("fd00:10:11::/64", "2001:db8:4::21")), null));
        ReconcileReport r = p1.applyNow();
        assertThat(r.errors()).isEmpty();
        assertThat(Lab.in(lab.node1.ns(), "ip", "-6", "route", "show", "proto", "77"))
                .contains("fd00:10:11::/64 via 2001:db8:4::21 dev eth0").contains("blackhole fd00:10:10::/64");
        p1.requestResync();
        ReconcileReport again = p1.applyNow();
        assertThat(again.resynced() || p1.lastReport() != null).isTrue();
        p1.requestResync();
        assertThat(p1.applyNow().writes()).as("after re-reading the kernel, nothing to do").isZero();
    }

    @Test
    void linkDownAndUpIsRepaired() throws Exception {
        Pool pool = Pool.hostGw("192.168.0.0/16");
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        RouteProgrammer p2 = start(lab.node2, Duration.ofSeconds(30));
        p1.setIntent(intent(lab.node1, pool, lab.node2));
        p2.setIntent(intent(lab.node2, pool, lab.node1));
        p1.applyNow();
        p2.applyNow();
        assertThat(Lab.ping(lab.node1, lab.node2, 5)).isTrue();
        Lab.in(lab.node1.ns(), "ip", "link", "set", "eth0", "down");
        Lab.in(lab.node1.ns(), "ip", "link", "set", "eth0", "up");
        Lab.in(lab.node1.ns(), "ip", "route", "replace", "default", "via", "10.57.4.1");
        await("routes via eth0 restored after down/up", () -> routes(lab.node1).contains("192.168.11.0/24 via 10.57.4.21 dev eth0"));
        assertThat(Lab.ping(lab.node1, lab.node2, 5)).as("pod1 -> pod2 after the bounce").isTrue();
    }

    @Test
    void ipipCrossSubnetWithoutKernelSupportIsReportedPlainly() throws Exception {
        Pool pool = Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET);
        RouteProgrammer p1 = start(lab.node1, Duration.ofSeconds(30));
        p1.setIntent(intent(lab.node1, pool, lab.node2, lab.node3));
        ReconcileReport r = p1.applyNow();
        assertThat(routes(lab.node1)).contains("192.168.11.0/24 via 10.57.4.21 dev eth0");
        if (r.tunnels().ipip() == TunnelStatus.State.READY) {
            // A kernel with ipip: tunl0 is up with MTU 1480 and carries the cross-subnet route.
            assertThat(Lab.in(lab.node1.ns(), "ip", "link", "show", "tunl0")).contains("mtu 1480");
            assertThat(routes(lab.node1)).contains("192.168.12.0/24 via 10.57.5.21 dev tunl0 proto 77 onlink");
        } else {
            assertThat(r.tunnels().ipip()).isEqualTo(TunnelStatus.State.UNSUPPORTED);
            assertThat(r.tunnels().ipipDetail()).contains("no ipip support");
            assertThat(r.errors()).anyMatch(e -> e.object().contains("192.168.12.0/24") && e.reason().contains("no ipip support"));
            assertThat(routes(lab.node1)).doesNotContain("192.168.12.0/24"); // no silent fallback
        }
    }
}
