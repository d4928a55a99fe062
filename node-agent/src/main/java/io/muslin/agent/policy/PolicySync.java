package io.muslin.agent.policy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.muslin.agent.status.PolicySummary;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.cache.CacheSnapshot;
import io.muslin.datastore.cache.Informer;
import io.muslin.datastore.cache.InformerListener;
import io.muslin.datastore.cache.InformerOptions;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.net.IpAddress;
import io.muslin.policy.DriftRepairLoop;
import io.muslin.policy.PolicyDataplane;
import io.muslin.policy.apply.ApplyResult;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.policy.dataplane.LinuxIpset;
import io.muslin.policy.dataplane.LinuxIptables;
import io.muslin.policy.dataplane.ProcessCommandRunner;
import io.muslin.policy.render.HostProtection;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's policy chains equal to what the datastore says: informers on
 * {@code NetworkPolicy}, {@code Namespace}, {@code WorkloadEndpoint} and {@code Node}; after a
 * change and a quiet {@code debounce} (at most {@code maxDelay} after the first change of a burst)
 * one {@link PolicyTranslator} run and one {@link PolicyDataplane#update}. Nothing is applied until
 * every informer has its first list, so a partial view never drops traffic. While the datastore is
 * away the informers keep their caches and nothing changes: the chains stay as last applied, and
 * the drift loop keeps them so. A failed apply is retried after {@code retry}.
 *
 * <p>Threads: one per informer (the datastore library's), one {@code muslin-policy-sync} thread
 * that alone translates and applies, and the drift loop's. {@link #summary()} is safe from any thread.
 */
public final class PolicySync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySync.class);
    public static final String POLICY_APPLY_ERRORS = "muslin.policy.apply.errors";
    public static final String POLICY_DRIFT_REPAIRS = "muslin.policy.drift.repairs";

    private final String nodeName;
    private final Options options;
    private final PolicyDataplane dataplane;
    private final PolicyTranslator translator;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Informer<NetworkPolicy> policies;
    private final Informer<Namespace> namespaces;
    private final Informer<WorkloadEndpoint> endpoints;
    private final Informer<Node> nodes;
    private final DriftRepairLoop drift;
    private final PolicyMetrics metrics;
    private final AtomicLong applies = new AtomicLong();
    private final Map<Trigger<?>, Boolean> connections = new ConcurrentHashMap<>();

    // Guarded by this.
    private Options.HostInputs host;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private boolean pending;
    private boolean closed;
    private List<String> lastProblems = List.of();
    private String lastLoggedError;
    private volatile PolicySummary summary;

    private PolicySync(ResourceStore store, String nodeName, PolicyDataplane dataplane, Options options, Clock clock) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.options = options;
        this.dataplane = dataplane;
        this.translator = new PolicyTranslator(nodeName);
        this.clock = clock;
        this.host = options.host();
        this.summary = new PolicySummary(true, backendName(dataplane), 0, 0, 0, null, null);
        this.metrics = new PolicyMetrics(options.registry(), this);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "muslin-policy-sync");
            t.setDaemon(true);
            return t;
        });
        InformerOptions io = options.informers();
        this.policies = Informer.start(store, NetworkPolicy.class, new Trigger<>(), io);
        this.namespaces = Informer.start(store, Namespace.class, new Trigger<>(), io);
        this.endpoints = Informer.start(store, WorkloadEndpoint.class, new Trigger<>(), io);
        this.nodes = Informer.start(store, Node.class, new Trigger<>(), io);
        this.drift = new DriftRepairLoop(dataplane, options.driftInterval(), r -> {
            metrics.driftRepaired();
            LOG.warn("policy drift repaired: {}", r);
        }, e -> LOG.warn("policy drift check failed: {}", e.getMessage()));
    }

    /**
     * Starts the sync for {@code nodeName} with the real tools ({@code options.runner()}): detects
     * the backend unless given, then watches the datastore. Returns at once; the first apply
     * follows the informers' first lists.
     */
    public static PolicySync start(ResourceStore store, String nodeName, Options options) {
        RenderConfig cfg = RenderConfig.defaults().withEndpointToHost(options.endpointToHost());
        PolicyDataplane dataplane = PolicyDataplane.linux(options.runner(), options.backend(), cfg, options.nodeAddresses());
        return start(store, nodeName, dataplane, options);
    }

    /** Starts the sync on a dataplane the caller built (tests give one on the policy module's fakes). */
    public static PolicySync start(ResourceStore store, String nodeName, PolicyDataplane dataplane, Options options) {
        return new PolicySync(store, nodeName, dataplane, options, Clock.systemUTC());
    }

    /** What {@code /status} shows: backend, policies selecting this node's pods, rules, ipsets, last apply and error. */
    public PolicySummary summary() {
        return summary;
    }

    /** Applies that succeeded so far. */
    public long applies() {
        return applies.get();
    }

    /** The dataplane, for reading back what was applied. */
    public PolicyDataplane dataplane() {
        return dataplane;
    }

    /**
     * The BGP peers that are not nodes (ToR routers, reflectors outside the cluster) changed: the
     * host protection's BGP set follows with the next apply.
     */
    public synchronized void bgpPeers(List<IpAddress> peers) {
        host = host.withBgpPeers(peers);
        changed();
    }

    /** Stops watching and applying; the chains stay in place (a restart finds them and changes only what differs). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        policies.close();
        namespaces.close();
        endpoints.close();
        nodes.close();
        drift.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops, then removes every chain, hook and ipset of ours (for {@code muslin node cleanup}). */
    public ApplyResult cleanup() {
        close();
        return dataplane.cleanup();
    }

    /**
     * Removes Muslin's chains, hooks and ipsets from both iptables backends (a node may have switched)
     * without a running sync; returns what each removed. Foreign rules stay.
     */
    public static List<ApplyResult> cleanupNode(CommandRunner runner) {
        List<ApplyResult> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            out.add(new IptablesApplier(new LinuxIptables(runner, b), new LinuxIpset(runner), RenderConfig.defaults()).cleanup());
        }
        return out;
    }

    private static String backendName(PolicyDataplane dp) {
        return dp.backend().name().toLowerCase(Locale.ROOT);
    }

    /** Every informer callback that may change the result: schedule an apply. */
    private final class Trigger<R extends Resource> implements InformerListener<R> {
        @Override
        public void onEvents(List<io.muslin.datastore.ResourceEvent<R>> events, long revision) {
            changed();
        }

        @Override
        public void onSynced(CacheSnapshot<R> snapshot) {
            changed();
        }

        @Override
        public void onConnectionChange(boolean connected, String reason) {
            // Nothing to apply: the caches stay as they were, and so do the chains.
            PolicySync.this.connected(this, connected);
        }
    }

    private void connected(Trigger<?> informer, boolean up) {
        connections.put(informer, up);
    }

    /** False while any of the sync's datastore watches has lost the store (the chains then stay as last applied). */
    public boolean datastoreConnected() {
        return !connections.containsValue(false);
    }

    private synchronized void changed() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        lastChangeNanos = now;
        if (!pending) {
            pending = true;
            firstChangeNanos = now;
            schedule(options.debounce().toNanos());
        }
    }

    private void schedule(long nanos) {
        try {
            executor.schedule(this::maybeApply, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() is shutting the executor down
        }
    }

    private void maybeApply() {
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            long quietLeft = lastChangeNanos + options.debounce().toNanos() - now;
            long maxLeft = firstChangeNanos + options.maxDelay().toNanos() - now;
            if (quietLeft > 0 && maxLeft > 0) {
                schedule(Math.min(quietLeft, maxLeft));
                return;
            }
            pending = false;
        }
        // Never a partial view: the last informer to finish its first list schedules the first apply.
        if (policies.synced() && namespaces.synced() && endpoints.synced() && nodes.synced()) {
            apply();
        }
    }

    private void apply() {
        Options.HostInputs hostNow;
        synchronized (this) {
            hostNow = host;
        }
        try {
            PolicyTranslator.Translation t = translator.translate(policies.snapshot().resources(),
                    namespaces.snapshot().resources(), endpoints.snapshot().resources());
            reportProblems(t.problems());
            dataplane.hostProtection(hostNow.toHostProtection(PolicyTranslator.nodeAddresses(nodes.snapshot().resources())));
            PolicyDataplane.UpdateResult r = dataplane.update(t.snapshot());
            metrics.applied(r.apply());
            applies.incrementAndGet();
            Ruleset rs = dataplane.ruleset();
            summary = new PolicySummary(true, backendName(dataplane), PolicyTranslator.selectingLocal(t.snapshot()), r.rules(),
                    rs == null ? 0 : rs.ipsets().size(), clock.instant(), null);
            if (r.applied().changed()) {
                LOG.info("policy applied: {} policies for this node's pods, {} rules, {} chains written, {} connections cut",
                        summary.policies(), r.rules(), r.applied().chainsWritten().size(), r.connectionsCut().size());
            }
            if (r.tighteningError() != null) {
                LOG.warn("policy: {}", r.tighteningError());
            }
            if (lastLoggedError != null) {
                LOG.info("policy apply succeeded again");
                lastLoggedError = null;
            }
        } catch (RuntimeException e) {
            metrics.applyFailed();
            PolicySummary s = summary;
            summary = new PolicySummary(true, s.backend(), s.policies(), s.rules(), s.ipsets(), s.lastApply(), e.getMessage());
            // The same failure again (every retry) is not news: logged once until it changes or clears.
            if (!Objects.equals(e.getMessage(), lastLoggedError)) {
                LOG.warn("policy apply failed, the previous rules stay; retrying every {} s: {}", options.retry().toSeconds(),
                        e.getMessage());
                lastLoggedError = e.getMessage();
            }
            synchronized (this) {
                if (!closed && !pending) {
                    pending = true;
                    firstChangeNanos = lastChangeNanos = System.nanoTime() - options.maxDelay().toNanos();
                    schedule(options.retry().toNanos());
                }
            }
        }
    }

    private void reportProblems(List<String> problems) {
        if (!problems.equals(lastProblems)) {
            for (String p : problems) {
                if (!lastProblems.contains(p)) {
                    LOG.warn("policy: {}", p);
                }
            }
            lastProblems = problems;
        }
    }

    /**
     * How {@link PolicySync} runs.
     *
     * @param backend        iptables backend, or null to detect it the way kube-proxy and Felix do
     * @param runner         runs the iptables, ipset and conntrack tools (a network namespace prefix in tests)
     * @param nodeAddresses  this node's own addresses (connections from them into local pods are always allowed)
     * @param debounce       quiet time after the last change before an apply (a burst of changes is one apply)
     * @param maxDelay       an apply happens at most this long after the first change of a burst, quiet or not
     * @param retry          wait before trying again after a failed apply
     * @param driftInterval  how often the kernel is read back and drift repaired (Felix: 90 s)
     * @param host           the host protection inputs; node addresses come from the datastore's Nodes
     * @param endpointToHost what becomes of pod → node traffic the pod's egress policy allowed
     * @param registry       where the policy metrics go
     * @param informers      the datastore caches' retry and progress settings
     */
    public record Options(Backend backend, CommandRunner runner, Set<IpAddress> nodeAddresses, Duration debounce,
                                    Duration maxDelay, Duration retry, Duration driftInterval, HostInputs host,
                                    RenderConfig.EndpointToHost endpointToHost, MeterRegistry registry,
                                    InformerOptions informers) {

        public Options {
            Objects.requireNonNull(runner, "runner");
            nodeAddresses = Set.copyOf(nodeAddresses);
            positive("debounce", debounce, true);
            positive("maxDelay", maxDelay, false);
            positive("retry", retry, false);
            positive("driftInterval", driftInterval, false);
            if (maxDelay.compareTo(debounce) < 0) {
                throw new IllegalArgumentException("policy sync maxDelay " + maxDelay + " is shorter than debounce " + debounce);
            }
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(endpointToHost, "endpointToHost");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(informers, "informers");
        }

        private static void positive(String field, Duration d, boolean zeroAllowed) {
            if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new IllegalArgumentException("policy sync " + field + " must be " + (zeroAllowed ? "zero or more" : "positive")
                        + ", got " + d);
            }
        }

        /**
         * Detected backend, the real tools, 100 ms debounce (at most 2 s), retry after 5 s, drift repair
         * every 90 s, no host protection, pod → node traffic returned to the node's rules, metrics into a
         * private registry.
         */
        public static Options defaults(Set<IpAddress> nodeAddresses) {
            return new Options(null, new ProcessCommandRunner(), nodeAddresses, Duration.ofMillis(100),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(90), HostInputs.NONE,
                    RenderConfig.EndpointToHost.RETURN, new SimpleMeterRegistry(), InformerOptions.defaults());
        }

        public Options withBackend(Backend b) {
            return new Options(b, runner, nodeAddresses, debounce, maxDelay, retry, driftInterval, host, endpointToHost,
                    registry, informers);
        }

        public Options withRunner(CommandRunner r) {
            return new Options(backend, r, nodeAddresses, debounce, maxDelay, retry, driftInterval, host, endpointToHost,
                    registry, informers);
        }

        public Options withDebounce(Duration quiet, Duration max) {
            return new Options(backend, runner, nodeAddresses, quiet, max, retry, driftInterval, host, endpointToHost,
                    registry, informers);
        }

        public Options withRetry(Duration d) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, d, driftInterval, host, endpointToHost,
                    registry, informers);
        }

        public Options withDriftInterval(Duration d) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, retry, d, host, endpointToHost,
                    registry, informers);
        }

        public Options withHost(HostInputs h) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, retry, driftInterval, h, endpointToHost,
                    registry, informers);
        }

        public Options withEndpointToHost(RenderConfig.EndpointToHost e) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, retry, driftInterval, host, e,
                    registry, informers);
        }

        public Options withRegistry(MeterRegistry r) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, retry, driftInterval, host,
                    endpointToHost, r, informers);
        }

        public Options withInformers(InformerOptions i) {
            return new Options(backend, runner, nodeAddresses, debounce, maxDelay, retry, driftInterval, host,
                    endpointToHost, registry, i);
        }

        /**
         * What the host protection rules need beside the Nodes' addresses (which the sync reads from the
         * datastore): whether to write them at all, the BGP peers that are not nodes (ToR routers; the
         * agent can change them later with {@link PolicySync#bgpPeers}), the etcd endpoints this node
         * talks to, and the encapsulations in use between nodes.
         */
        public record HostInputs(boolean enabled, List<IpAddress> bgpPeers, List<HostProtection.EtcdEndpoint> etcd,
                                 boolean ipip, boolean vxlan, int vxlanPort, boolean dropForeignEncap,
                                 List<HostProtection.Failsafe> failsafeInbound, List<HostProtection.Failsafe> failsafeOutbound) {
            /** No host protection rules. */
            public static final HostInputs NONE = new HostInputs(false, List.of(), List.of(), false, false, 4789, false);

            /** Without failsafe ports. */
            public HostInputs(boolean enabled, List<IpAddress> bgpPeers, List<HostProtection.EtcdEndpoint> etcd, boolean ipip,
                              boolean vxlan, int vxlanPort, boolean dropForeignEncap) {
                this(enabled, bgpPeers, etcd, ipip, vxlan, vxlanPort, dropForeignEncap, List.of(), List.of());
            }

            public HostInputs {
                failsafeInbound = List.copyOf(failsafeInbound);
                failsafeOutbound = List.copyOf(failsafeOutbound);
                bgpPeers = List.copyOf(bgpPeers);
                etcd = List.copyOf(etcd);
                if (vxlanPort < 1 || vxlanPort > 65535) {
                    throw new IllegalArgumentException("host protection vxlanPort " + vxlanPort + " is outside 1..65535");
                }
            }

            public HostInputs withBgpPeers(List<IpAddress> peers) {
                return new HostInputs(enabled, peers, etcd, ipip, vxlan, vxlanPort, dropForeignEncap, failsafeInbound,
                        failsafeOutbound);
            }

            /** The rules for these inputs with {@code nodes} as the cluster's node addresses (IPv6 ones are left out). */
            HostProtection toHostProtection(List<IpAddress> nodes) {
                if (!enabled) {
                    return HostProtection.NONE;
                }
                return new HostProtection(nodes.stream().filter(a -> !a.v6()).distinct().sorted().toList(),
                        bgpPeers.stream().filter(a -> !a.v6()).distinct().sorted().toList(), etcd, ipip, vxlan, vxlanPort,
                        dropForeignEncap, failsafeInbound, failsafeOutbound);
            }
        }
    }
}
