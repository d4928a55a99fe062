package io.muslin.policy.apply;

import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.DataplaneException;
import io.muslin.policy.dataplane.Ipset;
import io.muslin.policy.dataplane.Iptables;
import io.muslin.policy.render.Chain;
import io.muslin.policy.render.ChainNames;
import io.muslin.policy.render.Hook;
import io.muslin.policy.render.IpSetSpec;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings the kernel to a {@link Ruleset}: ipsets first (new sets created, changed ones rebuilt
 * and swapped), then one iptables-restore transaction for the chains that differ, then unused
 * ipsets destroyed. It remembers what it last wrote and trusts that between calls; {@link #repair}
 * reads the kernel again and fixes whatever drifted, {@link #cleanup} removes everything ours.
 *
 * <p>A failed step throws {@link DataplaneException} naming the line the tool refused. Because a
 * restore transaction is all-or-nothing, the rules from before stay in force; the remembered
 * state is dropped, so the next call starts from a fresh read.
 */
public final class IptablesApplier {

    private final Iptables iptables;
    private final Ipset ipset;
    private final RenderConfig cfg;
    private final ChainNames names;
    private final SaveParser parser;
    private SaveParser.Iptables known;
    private Map<String, KernelState.SetSeen> knownSets;
    // The ruleset whose writing left the kernel as known describes it (null after a read): its
    // chains and sets are the renderer's objects, so unchanged ones are recognised by identity.
    private Ruleset applied;

    public IptablesApplier(Iptables iptables, Ipset ipset, RenderConfig cfg) {
        this.iptables = iptables;
        this.ipset = ipset;
        this.cfg = cfg;
        this.names = new ChainNames(cfg);
        this.parser = new SaveParser(cfg.chainPrefix(), cfg.ipsetPrefix(), cfg.hashPrefix());
    }

    public Backend backend() {
        return iptables.backend();
    }

    /** Applies {@code desired}, trusting the remembered kernel state when there is one. */
    public synchronized ApplyResult apply(Ruleset desired) {
        if (known == null || knownSets == null) {
            readKernel();
        }
        IpsetPlanner.Plan sets = IpsetPlanner.plan(desired.ipsets(), knownSets, applied == null ? Map.of() : applied.ipsets(),
                names::temporaryIpset);
        TransactionPlanner.Plan tx = TransactionPlanner.plan(desired, known, applied, iptables.backend() == Backend.NFT,
                cfg.hashPrefix());
        try {
            ipset.restore(sets.prepare());
        } catch (RuntimeException e) {
            invalidate();
            throw e;
        }
        for (String name : sets.written()) {
            IpSetSpec s = desired.ipsets().get(name);
            knownSets.put(name, new KernelState.SetSeen(name, s.type(), s.members()));
        }
        if (!tx.isEmpty()) {
            try {
                iptables.restore(tx.input());
            } catch (RuntimeException e) {
                invalidate();
                throw e;
            }
        }
        known = applied != null ? updated(known, desired, tx) : stateOf(desired);
        applied = desired;
        try {
            ipset.restore(sets.destroy());
        } catch (RuntimeException e) {
            invalidate();
            throw e;
        }
        sets.deleted().forEach(knownSets::remove);
        return new ApplyResult(tx.written(), tx.deleted(), tx.hooksFixed(), sets.written(), sets.deleted(), tx.input());
    }

    /** Reads the kernel again and applies {@code desired}: whatever drifted is put back. */
    public synchronized ApplyResult repair(Ruleset desired) {
        invalidate();
        return apply(desired);
    }

    /** Removes every chain, hook and ipset of ours, found by reading the kernel. */
    public synchronized ApplyResult cleanup() {
        return repair(Ruleset.EMPTY);
    }

    /** Forgets the remembered kernel state; the next apply reads it first. */
    public synchronized void invalidate() {
        known = null;
        knownSets = null;
        applied = null;
    }

    /** What the kernel holds of ours right now (reads it). */
    public synchronized KernelState readKernel() {
        applied = null;
        known = parser.parseIptables(iptables.save());
        knownSets = new TreeMap<>(parser.parseIpsets(ipset.save()));
        return new KernelState(known.chains(), known.hooks(), Map.copyOf(knownSets));
    }

    /** What the kernel holds after {@code tx} was written over {@code before} (made by {@link #stateOf}): only what it changed. */
    private SaveParser.Iptables updated(SaveParser.Iptables before, Ruleset r, TransactionPlanner.Plan tx) {
        Map<String, List<String>> chains = before.chains();
        tx.deleted().forEach(chains::remove);
        for (String name : tx.written()) {
            chains.put(name, r.chains().get(name).hashes());
        }
        return new SaveParser.Iptables(chains, hooksOf(r));
    }

    private SaveParser.Iptables stateOf(Ruleset r) {
        Map<String, List<String>> chains = new HashMap<>(r.chains().size() * 2);
        for (Chain c : r.chains().values()) {
            chains.put(c.name(), c.hashes());
        }
        return new SaveParser.Iptables(chains, hooksOf(r));
    }

    private Map<String, List<KernelState.HookSeen>> hooksOf(Ruleset r) {
        Map<String, List<KernelState.HookSeen>> hooks = new LinkedHashMap<>();
        SaveParser.BUILTINS.forEach(b -> hooks.put(b, new ArrayList<>()));
        for (Hook h : r.hooks()) {
            String insert = h.insertLine(cfg.hashPrefix());
            String line = "-A " + h.builtinChain() + insert.substring(("-I " + h.builtinChain() + " 1").length());
            hooks.get(h.builtinChain()).add(new KernelState.HookSeen(0, h.hash(), line));
        }
        return hooks;
    }
}
