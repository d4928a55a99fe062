package io.muslin.policy.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain we own, with the hash of each of its rules computed once. Two chains with the same name
 * and rules have the same hashes, so comparing hash lists tells whether the kernel's copy is right.
 */
public final class Chain {

    private final String name;
    private final List<Rule> rules;
    private final List<String> hashes;

    public Chain(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
        List<String> h = new ArrayList<>(rules.size());
        String prev = "";
        for (Rule r : this.rules) {
            prev = Hashes.ruleHash(name, prev, r.body());
            h.add(prev);
        }
        this.hashes = List.copyOf(h);
    }

    public String name() {
        return name;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<String> hashes() {
        return hashes;
    }

    /** The {@code -A} lines for iptables-restore, each rule's hash first in a comment. */
    public void appendLines(StringBuilder out, String hashPrefix) {
        for (int i = 0; i < rules.size(); i++) {
            out.append("-A ").append(name).append(" -m comment --comment \"").append(hashPrefix)
                    .append(hashes.get(i)).append("\" ").append(rules.get(i).body()).append('\n');
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chain c && c.name.equals(name) && c.hashes.equals(hashes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + hashes.hashCode();
    }

    @Override
    public String toString() {
        return "Chain[" + name + ", " + rules.size() + " rules]";
    }
}
