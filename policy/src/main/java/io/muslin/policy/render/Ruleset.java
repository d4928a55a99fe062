package io.muslin.policy.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the filter table and the ipsets should hold of ours: chains by name, ipsets by name, and
 * the hooks in the built-in chains.
 */
public record Ruleset(Map<String, Chain> chains, Map<String, IpSetSpec> ipsets, List<Hook> hooks) {

    public Ruleset {
        chains = java.util.Collections.unmodifiableMap(new TreeMap<>(chains));
        ipsets = java.util.Collections.unmodifiableMap(new TreeMap<>(ipsets));
        hooks = List.copyOf(hooks);
    }

    public static final Ruleset EMPTY = new Ruleset(Map.of(), Map.of(), List.of());

    public int ruleCount() {
        return chains.values().stream().mapToInt(c -> c.rules().size()).sum() + hooks.size();
    }

    /** The whole ruleset as one iptables-restore input (as if nothing of ours existed yet). */
    public String iptablesRestoreText(String hashPrefix) {
        StringBuilder sb = new StringBuilder("*filter\n");
        chains.keySet().forEach(n -> sb.append(':').append(n).append(" - [0:0]\n"));
        chains.values().forEach(c -> c.appendLines(sb, hashPrefix));
        hooks.forEach(h -> sb.append(h.insertLine(hashPrefix)).append('\n'));
        return sb.append("COMMIT\n").toString();
    }

    /** The ipsets as one {@code ipset restore} input. */
    public String ipsetRestoreText() {
        StringBuilder sb = new StringBuilder();
        for (IpSetSpec s : ipsets.values()) {
            sb.append("create ").append(s.name()).append(' ').append(s.type().ipsetName()).append(" family inet\n");
            s.members().forEach(m -> sb.append("add ").append(s.name()).append(' ').append(m).append('\n'));
        }
        return sb.toString();
    }
}
