package io.muslin.policy.apply;

import io.muslin.policy.dataplane.ConntrackEntry;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.Ipv4;
import io.muslin.policy.model.PolicyEvaluator;
import io.muslin.policy.render.Chain;
import io.muslin.policy.render.ChainNames;
import io.muslin.policy.render.IpSetSpec;
import io.muslin.policy.render.Rule;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** Addresses of local pods whose effective rules differ between {@code before} and {@code after}. */
    public static Set<Ipv4> affected(Ruleset before, Ruleset after, List<Endpoint> locals, ChainNames names) {
        Set<Ipv4> out = new HashSet<>();
        for (Endpoint e : locals) {
            if (!e.isLocal()) {
                continue;
            }
            String[] roots = {names.toWorkload(e.hostInterface()), names.fromWorkload(e.hostInterface())};
            if (!Objects.equals(fingerprint(before, roots), fingerprint(after, roots))) {
                out.add(e.ip());
            }
        }
        return out;
    }

    /** The chains reachable from {@code roots} and the members of the sets they match, as one comparable value. */
    static Map<String, Object> fingerprint(Ruleset r, String... roots) {
        if (r == null) {
            return null;
        }
        Map<String, Object> fp = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(roots));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (fp.containsKey(name)) {
                continue;
            }
            Chain c = r.chains().get(name);
            if (c == null) {
                fp.put(name, "absent");
                continue;
            }
            fp.put(name, c.hashes());
            for (Rule rule : c.rules()) {
                String t = rule.target();
                if (t != null && r.chains().containsKey(t)) {
                    todo.push(t);
                }
                for (String set : rule.ipsets()) {
                    IpSetSpec s = r.ipsets().get(set);
                    fp.put("set:" + set, s == null ? "absent" : s.members());
                }
            }
        }
        return fp;
    }

    /** The entries, among those touching {@code affected} addresses, whose opening flow is now denied. */
    public static List<ConntrackEntry> toDelete(List<ConntrackEntry> entries, PolicyEvaluator evaluator, Set<Ipv4> affected) {
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
