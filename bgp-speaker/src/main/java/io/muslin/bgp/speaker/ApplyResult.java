package io.muslin.bgp.speaker;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code Speaker.apply} did, for logs: peers added, replaced (session settings changed,
 * so the session was reset), given a new policy without a reset, relabelled (description only),
 * removed (Cease 6/3), given new BFD settings without a BGP reset; prefixes originated and
 * withdrawn; whether the routing settings changed.
 */
public record ApplyResult(List<IpAddress> added, List<IpAddress> replaced, List<IpAddress> policyChanged,
                          List<IpAddress> relabelled, List<IpAddress> removed, List<IpPrefix> originated,
                          List<IpPrefix> withdrawn, boolean routingChanged, List<IpAddress> bfdChanged) {
    /** Without BFD changes. */
    public ApplyResult(List<IpAddress> added, List<IpAddress> replaced, List<IpAddress> policyChanged,
                       List<IpAddress> relabelled, List<IpAddress> removed, List<IpPrefix> originated,
                       List<IpPrefix> withdrawn, boolean routingChanged) {
        this(added, replaced, policyChanged, relabelled, removed, originated, withdrawn, routingChanged, List.of());
    }

    public ApplyResult {
        bfdChanged = List.copyOf(bfdChanged);
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        policyChanged = List.copyOf(policyChanged);
        relabelled = List.copyOf(relabelled);
        removed = List.copyOf(removed);
        originated = List.copyOf(originated);
        withdrawn = List.copyOf(withdrawn);
    }

    /** True when the desired state was already in force. */
    public boolean nothingChanged() {
        return added.isEmpty() && replaced.isEmpty() && policyChanged.isEmpty() && relabelled.isEmpty() && removed.isEmpty()
                && originated.isEmpty() && withdrawn.isEmpty() && !routingChanged && bfdChanged.isEmpty();
    }

    /** One line per change, e.g. {@code peer 10.0.0.1 replaced (session settings changed)}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (routingChanged) {
            out.add("routing settings changed (pools, cluster id, next hops or MED comparison): import and export re-run");
        }
        removed.forEach(a -> out.add("peer " + a + " removed (Cease 6/3)"));
        replaced.forEach(a -> out.add("peer " + a + " replaced (session settings changed)"));
        policyChanged.forEach(a -> out.add("peer " + a + " policy applied without a reset"));
        relabelled.forEach(a -> out.add("peer " + a + " description changed"));
        bfdChanged.forEach(a -> out.add("peer " + a + " BFD settings changed (the BGP session is kept)"));
        added.forEach(a -> out.add("peer " + a + " added"));
        withdrawn.forEach(p -> out.add("prefix " + p + " withdrawn"));
        originated.forEach(p -> out.add("prefix " + p + " originated"));
        return out;
    }
}
