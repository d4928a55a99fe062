package io.muslin.policy.apply;

import io.muslin.policy.render.IpSetType;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * What the kernel holds of ours, as read back from iptables-save and ipset save.
 *
 * @param chains our chains (by prefix) with the hash of each rule; null for a rule without one
 * @param hooks  for each built-in chain, the rules in it that are ours (by hash comment or by
 *               jumping to one of our chains)
 * @param ipsets our ipsets (by prefix)
 */
public record KernelState(Map<String, List<String>> chains, Map<String, List<HookSeen>> hooks,
                          Map<String, SetSeen> ipsets) {

    /** One of our rules found in a built-in chain. */
    public record HookSeen(int position, String hash, String saveLine) {
    }

    /** One of our ipsets as the kernel has it. */
    public record SetSeen(String name, IpSetType type, SortedSet<String> members) {
    }

    public boolean isEmpty() {
        return chains.isEmpty() && ipsets.isEmpty() && hooks.values().stream().allMatch(List::isEmpty);
    }
}
