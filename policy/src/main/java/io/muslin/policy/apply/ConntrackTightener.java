package io.muslin.policy.apply;

import io.muslin.net.IpAddress;
import io.muslin.policy.dataplane.ConntrackEntry;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.PolicyEvaluator;
import io.muslin.policy.render.Chain;
import io.muslin.policy.render.ChainNames;
import io.muslin.policy.render.IpSetSpec;
import io.muslin.policy.render.Rule;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a tightened policy apply to connections that are already open. Conntrack-first rules
 * accept every packet of an established connection, so without this a connection allowed before
 * a change would outlive a policy that now forbids it. After a change, the pods whose rules
 * changed are found (their endpoint chains, the policy chains those jump to, and the members of
 * the ipsets those match), every conntrack entry touching such a pod is judged by
 * {@link PolicyEvaluator#evaluateOnNode}, and the entries whose opening flow is now denied are
 * deleted; the next packet of such a connection is NEW to conntrack and meets the policy. Pure.
 */
public final class ConntrackTightener {

    private ConntrackTightener() {
    }

    /**
     * Addresses of local pods whose effective rules differ between {@code before} and
     * {@code after}: their endpoint chain changed, or a policy chain it jumps to, or the members of
     * an ipset such a chain matches. Nothing changed costs one pass over the chain and set maps.
     */
    public static Set<IpAddress> affected(Ruleset before, Ruleset after, List<Endpoint> locals, ChainNames names) {
        Set<IpAddress> out = new HashSet<>();
        if (before == null) {
            locals.stream().filter(Endpoint::isLocal).forEach(e -> out.add(e.ip()));
            return out;
        }
        Set<String> changedChains = new HashSet<>();
        after.chains().forEach((name, chain) -> {
            Chain old = before.chains().get(name);
            if (old != chain && (old == null || !old.equals(chain))) {
                changedChains.add(name);
            }
        });
        before.chains().keySet().forEach(name -> {
            if (!after.chains().containsKey(name)) {
                changedChains.add(name);
            }
        });
        Set<String> changedSets = new HashSet<>();
        after.ipsets().forEach((name, set) -> {
            IpSetSpec old = before.ipsets().get(name);
            if (old != set && (old == null || !old.members().equals(set.members()))) {
                changedSets.add(name);
            }
        });
        if (changedChains.isEmpty() && changedSets.isEmpty()) {
            return out;
        }
        for (Endpoint e : locals) {
            if (e.isLocal() && touches(after, names.toWorkload(e.hostInterface()), changedChains, changedSets)
                    || e.isLocal() && touches(after, names.fromWorkload(e.hostInterface()), changedChains, changedSets)) {
                out.add(e.ip());
            }
        }
        return out;
    }

    /** Whether {@code root}, or a chain it jumps to, changed or matches a changed set. */
    private static boolean touches(Ruleset r, String root, Set<String> changedChains, Set<String> changedSets) {
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            if (changedChains.contains(name)) {
                return true;
            }
            Chain c = r.chains().get(name);
            if (c == null) {
                continue;
            }
            for (Rule rule : c.rules()) {
                for (String set : rule.ipsets()) {
                    if (changedSets.contains(set)) {
                        return true;
                    }
                }
                String t = rule.target();
                if (t != null && r.chains().containsKey(t)) {
                    todo.push(t);
                }
            }
        }
        return false;
    }

    /** The entries, among those touching {@code affected} addresses, whose opening flow is now denied. */
    public static List<ConntrackEntry> toDelete(List<ConntrackEntry> entries, PolicyEvaluator evaluator, Set<IpAddress> affected) {
        List<ConntrackEntry> out = new ArrayList<>();
        for (ConntrackEntry e : entries) {
            if ((affected.contains(e.source()) || affected.contains(e.destination()))
                    && !evaluator.evaluateOnNode(e.flow()).allowed()) {
                out.add(e);
            }
        }
        return out;
    }
}
