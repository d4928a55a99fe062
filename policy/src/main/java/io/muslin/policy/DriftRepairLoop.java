package io.muslin.policy;

import io.muslin.policy.apply.ApplyResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls {@link PolicyDataplane#repairDrift()} every {@code interval} on one daemon thread and
 * reports each repair that changed something (someone flushed a chain, removed our hook, edited an
 * ipset) or failed. Felix refreshes every 90 s by default; the agent passes its own interval.
 */
public final class DriftRepairLoop implements AutoCloseable {

    private final ScheduledExecutorService executor;

    public DriftRepairLoop(PolicyDataplane dataplane, Duration interval, Consumer<ApplyResult> onRepair,
                           Consumer<RuntimeException> onError) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "muslin-policy-drift");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                ApplyResult r = dataplane.repairDrift();
                if (r.changed()) {
                    onRepair.accept(r);
                }
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
