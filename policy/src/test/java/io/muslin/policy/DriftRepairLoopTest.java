package io.muslin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.policy.apply.ApplyResult;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.fake.FakeNetfilter;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DriftRepairLoopTest {

    @Test
    void thePeriodicCheckPutsBackWhatSomeoneRemoved() throws InterruptedException {
        FakeNetfilter nf = new FakeNetfilter(Backend.LEGACY);
        PolicyDataplane dp = new PolicyDataplane(new PolicyRenderer(RenderConfig.defaults()),
                new IptablesApplier(nf.iptables(), nf.ipset(), RenderConfig.defaults()), null, Set.of());
        dp.update(Fixtures.snapshot());
        List<String> before = nf.rules("MUSLIN-FORWARD");
        CountDownLatch repaired = new CountDownLatch(1);
        List<ApplyResult> repairs = new CopyOnWriteArrayList<>();
        try (DriftRepairLoop _ = new DriftRepairLoop(dp, Duration.ofMillis(20), r -> {
            repairs.add(r);
            repaired.countDown();
        }, e -> { })) {
            synchronized (dp) { // as a person would, between two checks
                nf.iptablesCommand("-F MUSLIN-FORWARD");
                nf.iptablesCommand("-D FORWARD 1");
            }
            assertThat(repaired.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(repairs.getFirst().chainsWritten()).containsExactly("MUSLIN-FORWARD");
        assertThat(repairs.getFirst().hooksFixed()).containsExactly("FORWARD");
        assertThat(nf.rules("MUSLIN-FORWARD")).isEqualTo(before);
        assertThat(nf.rules("FORWARD").getFirst()).endsWith("-j MUSLIN-FORWARD");
    }

    @Test
    void failuresAreReportedAndTheLoopGoesOn() throws InterruptedException {
        FakeNetfilter nf = new FakeNetfilter(Backend.NFT);
        PolicyDataplane dp = new PolicyDataplane(new PolicyRenderer(RenderConfig.defaults()),
                new IptablesApplier(nf.iptables(), nf.ipset(), RenderConfig.defaults()), null, Set.of());
        dp.update(Fixtures.snapshot());
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch repaired = new CountDownLatch(1);
        synchronized (dp) {
            nf.iptablesCommand("-F MUSLIN-INPUT");
            nf.failOnLineContaining("MUSLIN-INPUT");
        }
        try (DriftRepairLoop _ = new DriftRepairLoop(dp, Duration.ofMillis(20), r -> repaired.countDown(), e -> failed.countDown())) {
            assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(repaired.await(30, TimeUnit.SECONDS)).as("the next round repairs it").isTrue();
        }
    }
}
