package io.muslin.routing.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.Route;
import io.muslin.netlink.linux.NetlinkMonitor;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.reconcile.CleanupReport;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts and cleanup on real kernels (the three-node lab): a new programmer over a kernel that
 * holds our routes deletes none of them — a netlink monitor records every RTM_DELROUTE — until
 * the learned routes are complete, and pods keep talking meanwhile; cleanup removes ours only.
 */
class RestartAndCleanupKernelTest {
    private static final Pool POOL = Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET);
    private Lab lab;

    @BeforeEach
    void setUp() {
        lab = new Lab();
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private static NodeIntent node(Lab.Node n) {
        return new NodeIntent(IpAddress.parse(n.ip()), List.of(POOL), List.of(IpPrefix.parse(n.block())), null);
    }

    private static LearnedRoute to(Lab.Node n) {
        return LearnedRoute.of(n.block(), n.ip());
    }

    private static String ours(Lab.Node n) {
        return Lab.in(n.ns(), "ip", "route", "show", "proto", "77");
    }

    @Test
    void aRestartedProgrammerDeletesNoRouteOfOursUntilTheLearnedRoutesAreComplete() throws Exception {
        try (RouteProgrammer p3 = RouteProgrammer.start(lab.node3.ns(), PlannerConfig.DEFAULT, Duration.ofSeconds(30), r -> { })) {
            p3.setIntent(Intent.of(node(lab.node3), List.of(to(lab.node1), to(lab.node2))));
            assertThat(p3.applyNow().errors()).isEmpty();
            try (RouteProgrammer first = RouteProgrammer.start(lab.node1.ns(), PlannerConfig.DEFAULT, Duration.ofSeconds(30), r -> { })) {
                first.setIntent(Intent.of(node(lab.node1), List.of(to(lab.node2), to(lab.node3))));
                assertThat(first.applyNow().errors()).isEmpty();
            } // the process ends: its routes, blackhole, vxlan device and entries stay in the kernel
            String before = ours(lab.node1);
            assertThat(before).contains("192.168.11.0/24 via 10.57.4.21 dev eth0").contains("192.168.12.0/24 via 10.57.5.21 dev vxlan.muslin")
                    .contains("blackhole 192.168.10.0/24");
            assertThat(Lab.ping(lab.node1, lab.node3, 5)).isTrue();

            List<Route> deletedOfOurs = new CopyOnWriteArrayList<>();
            try (NetlinkMonitor monitor = NetlinkMonitor.startIn(lab.node1.ns(), e -> {
                if (e instanceof NetlinkEvent.RouteChanged r && r.deleted() && r.route().protocol() == 77) {
                    deletedOfOurs.add(r.route());
                }
            }); RouteProgrammer again = RouteProgrammer.start(lab.node1.ns(), PlannerConfig.DEFAULT, Duration.ofMillis(200), r -> { })) {
                // The agent comes back: it knows its node; the speaker's Loc-RIB is empty and incomplete.
                again.setNode(node(lab.node1));
                again.replaceLearned(List.of(), false);
                ReconcileReport start = again.applyNow();
                assertThat(start.deleted()).isZero();
                assertThat(start.kept()).isEqualTo(2);
                // Then part of it, still incomplete, while the 200 ms timer re-reads the kernel several times.
                again.replaceLearned(List.of(to(lab.node2)), false);
                again.applyNow();
                assertThat(Lab.ping(lab.node1, lab.node3, 5)).as("pod1 -> pod3 over vxlan while node3's route is stale").isTrue();
                Await.until(Duration.ofSeconds(10), "three timer resyncs", () -> again.status().applies() >= 5);
                assertThat(deletedOfOurs).as("no RTM_DELROUTE of ours while incomplete").isEmpty();
                assertThat(ours(lab.node1)).isEqualTo(before);
                assertThat(Lab.in(lab.node1.ns(), "ip", "link", "show", "vxlan.muslin")).contains("vxlan.muslin");

                // Complete: node3 is gone from the Loc-RIB for good, so its route goes, and only it.
                again.replaceLearned(List.of(to(lab.node2)), true);
                ReconcileReport done = again.applyNow();
                assertThat(done.deleted()).isEqualTo(1);
                Await.until(Duration.ofSeconds(30), "the monitor saw the deletion", () -> !deletedOfOurs.isEmpty());
                assertThat(deletedOfOurs).extracting(r -> r.dst().toString()).containsExactly("192.168.12.0/24");
                assertThat(ours(lab.node1)).contains("192.168.11.0/24 via 10.57.4.21").doesNotContain("192.168.12.0/24")
                        .contains("blackhole 192.168.10.0/24");
            }
        }
    }

    @Test
    void cleanupRemovesOurRoutesAndDevicesAndLeavesForeignOnes() throws Exception {
        Lab.in(lab.node1.ns(), "ip", "route", "add", "10.99.0.0/24", "via", "10.57.4.1", "proto", "static");
        RouteProgrammer p1 = RouteProgrammer.start(lab.node1.ns(), PlannerConfig.DEFAULT, Duration.ofSeconds(30), r -> { });
        p1.setIntent(Intent.of(node(lab.node1), List.of(to(lab.node2), to(lab.node3))));
        assertThat(p1.applyNow().errors()).isEmpty();
        String foreignBefore = Lab.in(lab.node1.ns(), "sh", "-c", "ip route show | grep -v 'proto 77'");

        CleanupReport c = p1.cleanupAndClose();
        assertThat(c.ok()).as(c.errors().toString()).isTrue();
        assertThat(c.routesDeleted()).isEqualTo(3);
        assertThat(c.vxlanDeviceDeleted()).isTrue();
        assertThat(ours(lab.node1)).isBlank();
        assertThat(Lab.run("ip", "netns", "exec", lab.node1.ns(), "ip", "link", "show", "vxlan.muslin").exit()).isNotZero();
        String after = Lab.in(lab.node1.ns(), "ip", "route", "show");
        assertThat(after).isEqualTo(foreignBefore).contains("10.99.0.0/24 via 10.57.4.1 dev eth0 proto static")
                .contains("default via 10.57.4.1").contains("192.168.10.10 dev cali-pod");
    }
}
