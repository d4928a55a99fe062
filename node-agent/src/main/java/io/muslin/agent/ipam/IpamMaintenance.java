package io.muslin.agent.ipam;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.NodeCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's periodic IPAM garbage collection, once at start and then every {@code interval}, on
 * one thread ({@code muslin-ipam-gc}). Each run reads the WorkloadEndpoints and Nodes afresh from the
 * datastore (never a cache, so an outage fails the run instead of making every pod look gone), then
 * hands IPAM's {@link NodeCollector} a {@link WorkloadLiveness}:
 *
 * <ul>
 * <li>addresses assigned for this node whose pod has no WorkloadEndpoint are released once seen so
 *     twice, {@code grace} apart;</li>
 * <li>empty blocks of this node are released the same way while the node keeps one block;</li>
 * <li>block affinities and addresses of Nodes that no longer exist are released (also twice,
 *     {@code grace} apart) by one agent only: the one whose node name is the lowest of the existing
 *     Nodes, so every agent decides the same from the same list, and a node that is not registered
 *     decides nothing.</li>
 * </ul>
 *
 * A failed run (datastore away) releases nothing it had not already released, is logged once and
 * counted, and shows in {@link #report()}; the next run starts afresh.
 */
public final class IpamMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpamMaintenance.class);
    public static final String GC_RUNS = "muslin.ipam.gc.runs";
    public static final String GC_RELEASED = "muslin.ipam.gc.released";
    public static final String GC_LEAK_SUSPECTS = "muslin.ipam.gc.leak.suspects";
    public static final String GC_LAST_SUCCESS = "muslin.ipam.gc.last.success.timestamp.seconds";

    private final ResourceStore store;
    private final String nodeName;
    private final NodeCollector collector;
    private final ScheduledExecutorService executor;
    private final Counter runsOk;
    private final Counter runsFailed;
    private final Counter releasedAddresses;
    private final Counter releasedBlocks;
    private final Counter releasedNodes;
    private volatile Report report = Report.NONE;

    /**
     * What the maintenance did so far, for {@code /status}.
     *
     * @param lastRun            when the last run ended; null before the first
     * @param lastSuccess        when the last successful run ended; null before the first
     * @param runs               runs so far, failed ones included
     * @param failures           runs that failed
     * @param addressesReleased  leaked addresses released so far
     * @param blocksReleased     empty blocks of this node released so far
     * @param nodesReleased      departed nodes released so far (only by the agent that does it)
     * @param leakSuspects       addresses whose pod is gone, waiting for their grace period (last successful run)
     * @param emptyBlocksWaiting empty blocks waiting for their grace period (last successful run)
     * @param departedCleaner    whether this agent releases departed nodes (last successful run)
     * @param lastError          why the last run failed; null when it succeeded
     */
    public record Report(Instant lastRun, Instant lastSuccess, long runs, long failures, long addressesReleased,
                         long blocksReleased, long nodesReleased, int leakSuspects, int emptyBlocksWaiting,
                         boolean departedCleaner, String lastError) {
        static final Report NONE = new Report(null, null, 0, 0, 0, 0, 0, 0, 0, false, null);
    }

    private IpamMaintenance(Ipam ipam, ResourceStore store, String nodeName, Duration grace, MeterRegistry registry) {
        this.store = store;
        this.nodeName = nodeName;
        this.collector = ipam.nodeCollector(nodeName, grace);
        this.runsOk = Counter.builder(GC_RUNS).tag("result", "ok").description("IPAM garbage collection runs").register(registry);
        this.runsFailed = Counter.builder(GC_RUNS).tag("result", "error").description("IPAM garbage collection runs")
                .register(registry);
        this.releasedAddresses = released(registry, "address");
        this.releasedBlocks = released(registry, "block");
        this.releasedNodes = released(registry, "node");
        Gauge.builder(GC_LEAK_SUSPECTS, this, m -> m.report.leakSuspects())
                .description("addresses whose pod is gone, waiting for the grace period before release").register(registry);
        Gauge.builder(GC_LAST_SUCCESS, this, m -> m.report.lastSuccess() == null ? 0 : m.report.lastSuccess().toEpochMilli() / 1000.0)
                .description("when the last IPAM garbage collection run succeeded (Unix time)").register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "muslin-ipam-gc");
            t.setDaemon(true);
            return t;
        });
    }

    private static Counter released(MeterRegistry registry, String kind) {
        return Counter.builder(GC_RELEASED).tag("kind", kind)
                .description("what IPAM garbage collection released: leaked addresses, empty blocks, departed nodes")
                .register(registry);
    }

    /** Starts the maintenance: a run at once, then one every {@code interval}. */
    public static IpamMaintenance start(Ipam ipam, ResourceStore store, String nodeName, Duration interval, Duration grace,
                                        MeterRegistry registry) {
        Objects.requireNonNull(nodeName, "nodeName");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("IPAM maintenance interval must be positive, got " + interval);
        }
        IpamMaintenance m = new IpamMaintenance(ipam, store, nodeName, grace, registry);
        m.executor.scheduleWithFixedDelay(m::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return m;
    }

    public Report report() {
        return report;
    }

    /** One run now, on the caller's thread (a periodic run waits for it); returns the report after it. */
    public synchronized Report runOnce() {
        Report before = report;
        try {
            List<WorkloadEndpoint> endpoints = store.list(WorkloadEndpoint.class).resources();
            Set<String> nodes = store.list(Node.class).resources().stream().map(n -> n.metadata().name())
                    .collect(Collectors.toCollection(TreeSet::new));
            NodeCollector.Result r = collector.collect(new WorkloadLiveness(endpoints));
            boolean cleaner = !nodes.isEmpty() && nodes.iterator().next().equals(nodeName);
            int departed = 0;
            if (cleaner) {
                NodeCollector.DepartedResult d = collector.releaseDeparted(nodes);
                departed = d.released().size();
                d.released().forEach(n -> LOG.info("IPAM: released departed node {}: {} addresses, {} blocks, {} orphaned",
                        n.node(), n.addressesReleased(), n.blocksReleased(), n.blocksOrphaned()));
            }
            releasedAddresses.increment(r.addressesReleased().size());
            releasedBlocks.increment(r.blocksReleased().size());
            releasedNodes.increment(departed);
            runsOk.increment();
            if (!r.addressesReleased().isEmpty() || !r.blocksReleased().isEmpty()) {
                LOG.info("IPAM: released leaked addresses {} and empty blocks {}", r.addressesReleased(), r.blocksReleased());
            }
            Instant now = Instant.now();
            report = new Report(now, now, before.runs() + 1, before.failures(),
                    before.addressesReleased() + r.addressesReleased().size(), before.blocksReleased() + r.blocksReleased().size(),
                    before.nodesReleased() + departed, r.leakSuspects(), r.emptyBlocksWaiting(), cleaner, null);
        } catch (RuntimeException e) {
            runsFailed.increment();
            LOG.warn("IPAM garbage collection failed, nothing more released this run: {}", e.getMessage());
            report = new Report(Instant.now(), before.lastSuccess(), before.runs() + 1, before.failures() + 1,
                    before.addressesReleased(), before.blocksReleased(), before.nodesReleased(), before.leakSuspects(),
                    before.emptyBlocksWaiting(), before.departedCleaner(), e.getMessage());
        }
        return report;
    }

    /** Stops the periodic runs; a run in progress is interrupted between store calls. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
