package io.muslin.agent.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.muslin.agent.metrics.AgentMetrics;
import java.time.Duration;

/**
 * The meters of one {@link PolicySync}: the time of each apply, failed applies, drift repairs,
 * and (unless the registry has them already) the gauges of the rules and ipsets Muslin owns,
 * read from the sync's summary. Safe from any thread (Micrometer's meters are).
 */
final class PolicyMetrics {
    private final Timer applyTimer;
    private final Counter applyErrors;
    private final Counter driftRepairs;

    PolicyMetrics(MeterRegistry registry, PolicySync sync) {
        this.applyTimer = Timer.builder(AgentMetrics.POLICY_APPLY_DURATION).description("time of one iptables-restore of Muslin's chains")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.applyErrors = Counter.builder(PolicySync.POLICY_APPLY_ERRORS).description("policy applies that failed (retried)")
                .register(registry);
        this.driftRepairs = Counter.builder(PolicySync.POLICY_DRIFT_REPAIRS)
                .description("drift checks that found our chains, hooks or ipsets changed by someone else and put them back")
                .register(registry);
        // In the agent's registry these gauges already read the same summary through /status (AgentMetrics).
        // The gauges hold the sync itself (weakly, as Micrometer does): they live as long as it does.
        if (registry.find(AgentMetrics.POLICY_RULES).gauge() == null) {
            Gauge.builder(AgentMetrics.POLICY_RULES, sync, s -> s.summary().rules()).description("iptables rules Muslin owns")
                    .register(registry);
        }
        if (registry.find(AgentMetrics.POLICY_IPSETS).gauge() == null) {
            Gauge.builder(AgentMetrics.POLICY_IPSETS, sync, s -> s.summary().ipsets()).description("ipsets Muslin owns")
                    .register(registry);
        }
    }

    /** An apply succeeded and took {@code took}. */
    void applied(Duration took) {
        applyTimer.record(took);
    }

    /** An apply failed (it is retried). */
    void applyFailed() {
        applyErrors.increment();
    }

    /** The drift loop found our chains, hooks or ipsets changed and put them back. */
    void driftRepaired() {
        driftRepairs.increment();
    }
}
