package io.muslin.routing.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.fake.FakeNetlink;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.RouteKind;
import io.muslin.routing.reconcile.CleanupReport;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running programmer on a fake kernel with a fake clock: its thread, inputs, events and outputs. */
class RouteProgrammerTest {
    private static final int OURS = Rt.PROT_MUSLIN;
    private static final NodeIntent NODE = new NodeIntent(IpAddress.parse("10.57.4.20"),
            List.of(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET)), List.of(IpPrefix.parse("192.168.10.0/24")), null);
    private final AtomicLong now = new AtomicLong();
    private final List<ReconcileReport> reports = new CopyOnWriteArrayList<>();
    private FakeNetlink kernel;
    private GatedNetlink gated;
    private int eth0;
    private RouteProgrammer programmer;

    @BeforeEach
    void setUp() {
        kernel = new FakeNetlink();
        eth0 = kernel.addInterface("eth0", 1500, "10.57.4.20/24");
        gated = new GatedNetlink(kernel);
        programmer = RouteProgrammer.create(gated, kernel, PlannerConfig.DEFAULT, now::get, Duration.ofSeconds(30), reports::add);
    }

    @AfterEach
    void tearDown() {
        gated.open();
        programmer.close();
    }

    private Route kernelRoute(String dst) {
        return kernel.routes().stream().filter(r -> r.dst().equals(IpPrefix.parse(dst))).findFirst().orElse(null);
    }

    @Test
    void beforeTheFirstIntentNothingIsReadOrWrittenWhateverHappens() throws Exception {
        kernel.putRoute(Route.to("192.168.99.0/24").via("10.57.4.99").dev(eth0).protocol(OURS).build());
        programmer.updateLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")));
        programmer.requestResync();
        kernel.overrun();
        kernel.linkSetUp(eth0, true);
        ReconcileReport r = programmer.applyNow();
        assertThat(r.writes()).isZero();
        assertThat(kernel.dumps()).isZero();
        assertThat(kernel.log()).isEmpty();
        assertThat(programmer.status().hasIntent()).isFalse();
    }

    @Test
    void changesArriveWhileABatchIsWrittenAndTheLastOnePerPrefixWins() throws Exception {
        programmer.setNode(NODE);
        programmer.replaceLearned(List.of(), true);
        programmer.applyNow();
        gated.close(true);
        programmer.updateLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")));
        assertThat(gated.awaitHeld()).as("the programmer is writing").isTrue();
        // The writer is stuck in the kernel; the caller is not: 3 x 500 changes on 500 prefixes.
        for (int round = 0; round < 3; round++) {
            List<LearnedRoute> changes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                changes.add(new LearnedRoute(IpPrefix.host(IpAddress.v4(0xC0A86400 + i)), List.of(IpAddress.v4(10, 57, 4, 30 + round))));
            }
            programmer.updateLearned(changes);
        }
        programmer.updateLearned(List.of(LearnedRoute.withdrawn(IpPrefix.parse("192.168.100.0/32"))));
        // Counted as received (a prefix changed in each round counts each time); coalesced when planned.
        assertThat(programmer.status().pendingChanges()).as("queued, not written: the kernel is held").isBetween(1, 1501);
        int before = kernel.log().size();
        gated.open();
        programmer.applyNow();
        List<String> writes = kernel.log().subList(before, kernel.log().size());
        // At most the batch planned while the first one was held, then the coalesced rest: the middle round never goes out.
        assertThat(writes).filteredOn(s -> s.contains(" 192.168.100.7/32 ")).hasSizeBetween(1, 2);
        assertThat(writes.stream().filter(s -> s.startsWith("route") && s.contains(" 192.168.100.")).count())
                .as("3 rounds of changes, at most 2 writes each")
                .isLessThanOrEqualTo(1000);
        assertThat(kernelRoute("192.168.100.7/32").gateway()).isEqualTo(IpAddress.parse("10.57.4.32"));
        assertThat(kernelRoute("192.168.100.0/32")).as("withdrawn last").isNull();
        assertThat(programmer.status().totals().of(RouteKind.DIRECT)).isEqualTo(500);
    }

    @Test
    void theNextBatchGoesToTheKernelWhileThePreviousOnesOutcomeIsTaken() throws Exception {
        // The loop takes a batch's outcome (and reports it) on its own thread; the batch planned meanwhile
        // must not wait for that: held here in the report listener, the kernel still gets the next batch.
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch inReport = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        programmer.close();
        programmer = RouteProgrammer.create(gated, kernel, PlannerConfig.DEFAULT, now::get, Duration.ofSeconds(30), r -> {
            if (r.replaced() > 0 && armed.compareAndSet(true, false)) {
                inReport.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            programmer.setNode(NODE);
            programmer.replaceLearned(List.of(), true);
            programmer.applyNow();
            gated.close(true);
            armed.set(true);
            programmer.updateLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")));
            assertThat(gated.awaitHeld()).as("the first batch is in the kernel").isTrue();
            programmer.updateLearned(List.of(LearnedRoute.of("192.168.12.0/24", "10.57.4.22")));
            Await.until(Duration.ofSeconds(10), "the loop takes the change", () -> programmer.status().pendingChanges() == 0);
            gated.open();
            assertThat(inReport.await(10, TimeUnit.SECONDS)).as("the first batch's outcome is being taken").isTrue();
            Await.until(Duration.ofSeconds(10), "the second batch in the kernel", () -> kernelRoute("192.168.12.0/24") != null);
            assertThat(kernelRoute("192.168.12.0/24").gateway()).isEqualTo(IpAddress.parse("10.57.4.22"));
        } finally {
            release.countDown();
        }
        programmer.applyNow();
        assertThat(programmer.status().totals().of(RouteKind.DIRECT)).isEqualTo(2);
    }

    @Test
    void aRouteDeletedBySomeoneElseComesBackOnTheEvent() throws Exception {
        programmer.setIntent(new Intent(NODE.nodeAddress(), NODE.pools(), NODE.ownBlocks(),
                List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")), null));
        programmer.applyNow();
        kernel.removeRoute("192.168.11.0/24");
        Await.until(Duration.ofSeconds(10), "route restored after its deletion event", () -> kernelRoute("192.168.11.0/24") != null);
        kernel.linkSetUp(eth0, false); // Linux drops the routes silently; the link event says enough
        kernel.linkSetUp(eth0, true);
        Await.until(Duration.ofSeconds(10), "routes restored after the link came back", () -> kernelRoute("192.168.11.0/24") != null);
    }

    @Test
    void theTimerOfTheClockRereadsTheKernel() throws Exception {
        programmer.setIntent(new Intent(NODE.nodeAddress(), NODE.pools(), NODE.ownBlocks(),
                List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")), null));
        programmer.applyNow();
        int dumps = kernel.dumps();
        programmer.applyNow();
        assertThat(kernel.dumps()).as("no resync before the timer").isEqualTo(dumps);
        now.addAndGet(30_000);
        Await.until(Duration.ofSeconds(10), "a resync on the fake clock's timer", () -> kernel.dumps() > dumps);
    }

    @Test
    void statusAndRoutesAnswerFromAnyThread() throws Exception {
        programmer.setNode(NODE);
        programmer.replaceLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21"), LearnedRoute.of("192.168.12.0/24", "10.57.5.21")), true);
        programmer.applyNow();
        ProgrammerStatus s = programmer.status();
        assertThat(s.hasIntent()).isTrue();
        assertThat(s.synced()).isTrue();
        assertThat(s.learnedComplete()).isTrue();
        assertThat(s.totals().of(RouteKind.DIRECT)).isEqualTo(1);
        assertThat(s.totals().of(RouteKind.IPIP)).isEqualTo(1);
        assertThat(s.totals().of(RouteKind.BLACKHOLE)).isEqualTo(1);
        assertThat(s.tunnels().ipip().name()).isEqualTo("READY");
        assertThat(s.lastApply()).isNotNull();
        assertThat(programmer.routes(10)).extracting(r -> r.prefix() + " " + r.kind().label() + " " + r.devices() + " " + r.installed())
                .containsExactly("192.168.10.0/24 blackhole [] true", "192.168.11.0/24 direct [eth0] true",
                        "192.168.12.0/24 ipip [tunl0] true");
        assertThat(reports).allMatch(r -> r.durationNanos() > 0);
    }

    @Test
    void aRestartKeepsEverythingUntilTheSnapshotIsComplete() throws Exception {
        programmer.setIntent(new Intent(NODE.nodeAddress(), NODE.pools(), NODE.ownBlocks(),
                List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21"), LearnedRoute.of("192.168.12.0/24", "10.57.5.21")), null));
        programmer.applyNow();
        programmer.close();
        List<Route> before = kernel.routes();

        RouteProgrammer next = RouteProgrammer.create(gated, kernel, PlannerConfig.DEFAULT, now::get, Duration.ofSeconds(30), r -> { });
        try {
            next.setNode(NODE);
            next.replaceLearned(List.of(), false); // the speaker's first snapshot while it waits for End-of-RIBs
            ReconcileReport r = next.applyNow();
            assertThat(r.deleted()).isZero();
            assertThat(r.kept()).isEqualTo(2);
            assertThat(kernel.routes()).containsExactlyInAnyOrderElementsOf(before);
            next.replaceLearned(List.of(LearnedRoute.of("192.168.11.0/24", "10.57.4.21")), true);
            ReconcileReport done = next.applyNow();
            assertThat(done.deleted()).isEqualTo(1);
            assertThat(kernelRoute("192.168.12.0/24")).isNull();
            assertThat(kernel.log().stream().filter(s -> s.startsWith("route del")))
                    .singleElement().satisfies(s -> assertThat(s).startsWith("route del 192.168.12.0/24"));
        } finally {
            next.close();
        }
    }

    @Test
    void cleanupRemovesOursAndStopsProgramming() throws Exception {
        programmer.setIntent(new Intent(NODE.nodeAddress(), NODE.pools(), NODE.ownBlocks(),
                List.of(LearnedRoute.of("192.168.12.0/24", "10.57.5.21")), null));
        programmer.applyNow();
        assertThat(kernel.routes()).hasSize(2);
        CleanupReport c = programmer.cleanupAndClose();
        assertThat(c.routesDeleted()).isEqualTo(2);
        assertThat(c.tunnelAddressesRemoved()).isEqualTo(1);
        assertThat(kernel.routes()).isEmpty();
        kernel.overrun(); // an event after the cleanup: nobody is listening any more
        assertThatThrownBy(programmer::applyNow).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        programmer.close(); // again: nothing
        assertThat(kernel.routes()).as("nothing re-created after cleanup").isEmpty();
    }
}
