package io.muslin.policy;

import io.muslin.net.IpAddress;
import io.muslin.policy.apply.ApplyResult;
import io.muslin.policy.apply.ConntrackTightener;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.BackendDetector;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.policy.dataplane.Conntrack;
import io.muslin.policy.dataplane.ConntrackEntry;
import io.muslin.policy.dataplane.LinuxConntrack;
import io.muslin.policy.dataplane.LinuxIpset;
import io.muslin.policy.dataplane.LinuxIptables;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.PolicyEvaluator;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.render.HostProtection;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The policy module's front door: give it each new {@link PolicySnapshot}; it renders the rules,
 * applies what changed in one transaction, and cuts connections the change now denies. Call
 * {@link #repairDrift()} periodically (see {@link DriftRepairLoop}) and {@link #cleanup()} to
 * remove everything ours. One caller at a time: methods are synchronized.
 */
public final class PolicyDataplane {

    private PolicyRenderer renderer;
    private final IptablesApplier applier;
    private final Conntrack conntrack;
    private final Set<IpAddress> nodeAddresses;
    private Ruleset current;
    private PolicySnapshot snapshot;

    /**
     * @param conntrack     null to leave established connections alone after a change
     * @param nodeAddresses this node's addresses (connections from them into local pods are always allowed)
     */
    public PolicyDataplane(PolicyRenderer renderer, IptablesApplier applier, Conntrack conntrack, Set<IpAddress> nodeAddresses) {
        this.renderer = renderer;
        this.applier = applier;
        this.conntrack = conntrack;
        this.nodeAddresses = Set.copyOf(nodeAddresses);
    }

    /**
     * The real thing: tools run through {@code runner}; {@code backend} null means detect it the
     * way kube-proxy and Felix do.
     */
    public static PolicyDataplane linux(CommandRunner runner, Backend backend, RenderConfig cfg, Set<IpAddress> nodeAddresses) {
        Backend b = backend != null ? backend : new BackendDetector(runner).detect().backend();
        IptablesApplier applier = new IptablesApplier(new LinuxIptables(runner, b), new LinuxIpset(runner), cfg);
        return new PolicyDataplane(new PolicyRenderer(cfg), applier, new LinuxConntrack(runner), nodeAddresses);
    }

    public Backend backend() {
        return applier.backend();
    }

    /** The host protections the next {@link #update} renders. */
    public synchronized HostProtection hostProtection() {
        return renderer.config().hostProtection();
    }

    /**
     * Changes the host protections (a node joined or left, the BGP peers changed); the next
     * {@link #update} renders them. The renderer starts afresh (its memo is for one configuration);
     * the applier still diffs against what it wrote, so only the changed sets and chains are rewritten.
     */
    public synchronized void hostProtection(HostProtection hp) {
        if (!hp.equals(renderer.config().hostProtection())) {
            renderer = new PolicyRenderer(renderer.config().withHostProtection(hp));
        }
    }

    /** Renders and applies {@code next}; then deletes conntrack entries of flows it now denies. */
    public synchronized UpdateResult update(PolicySnapshot next) {
        long t0 = System.nanoTime();
        Ruleset rendered = renderer.render(next);
        long t1 = System.nanoTime();
        ApplyResult applied = applier.apply(rendered);
        long t2 = System.nanoTime();
        Ruleset before = current;
        current = rendered;
        snapshot = next;
        List<ConntrackEntry> cut = List.of();
        String tighteningError = null;
        if (conntrack != null) {
            List<Endpoint> locals = next.endpoints().stream().filter(Endpoint::isLocal).toList();
            Set<IpAddress> affected = ConntrackTightener.affected(before, rendered, locals, renderer.names());
            if (!affected.isEmpty()) {
                // The rules are in place already: a conntrack failure is reported, not thrown.
                try {
                    List<ConntrackEntry> touching = conntrack.list().stream()
                            .filter(e -> affected.contains(e.source()) || affected.contains(e.destination())).toList();
                    if (!touching.isEmpty()) {
                        cut = ConntrackTightener.toDelete(touching, new PolicyEvaluator(next, nodeAddresses), affected);
                        cut.forEach(conntrack::delete);
                    }
                } catch (RuntimeException e) {
                    tighteningError = "established connections were not re-checked: " + e.getMessage();
                }
            }
        }
        long t3 = System.nanoTime();
        return new UpdateResult(applied, rendered.ruleCount(), cut, tighteningError,
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
    }

    /** Reads the kernel and puts back whatever of ours drifted from the last update. */
    public synchronized ApplyResult repairDrift() {
        if (current == null) {
            return new ApplyResult(List.of(), List.of(), List.of(), List.of(), List.of(), "");
        }
        return applier.repair(current);
    }

    /** Removes every chain, hook and ipset of ours; forgets the last update. */
    public synchronized ApplyResult cleanup() {
        current = null;
        snapshot = null;
        return applier.cleanup();
    }

    /** The last snapshot applied, or null. */
    public synchronized PolicySnapshot snapshot() {
        return snapshot;
    }

    /** The ruleset last applied, or null. */
    public synchronized Ruleset ruleset() {
        return current;
    }

    /**
     * What an update did: the apply, how many rules we own now, the connections cut (or why they
     * could not be checked: null when they were), and how long rendering, applying (ipset +
     * iptables-restore) and tightening (conntrack) took.
     */
    public record UpdateResult(ApplyResult applied, int rules, List<ConntrackEntry> connectionsCut,
                               String tighteningError, Duration render, Duration apply, Duration tighten) {
        public Duration total() {
            return render.plus(apply).plus(tighten);
        }
    }
}
