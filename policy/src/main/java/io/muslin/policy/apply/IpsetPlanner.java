package io.muslin.policy.apply;

import io.muslin.policy.render.IpSetSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Desired ipsets + ours in the kernel → two {@code ipset restore} scripts. The first, run before
 * iptables-restore, creates new sets and rebuilds changed ones in a temporary set that is then
 * swapped in, so a set in use never shows a half-filled state. The second, run after, destroys
 * sets of ours that no rule refers to any more. Pure.
 */
public final class IpsetPlanner {

    private IpsetPlanner() {
    }

    public record Plan(String prepare, String destroy, List<String> written, List<String> deleted) {
        public boolean isEmpty() {
            return prepare.isEmpty() && destroy.isEmpty();
        }
    }

    public static Plan plan(Map<String, IpSetSpec> desired, Map<String, KernelState.SetSeen> current,
                            UnaryOperator<String> temporaryName) {
        return plan(desired, current, Map.of(), temporaryName);
    }

    /**
     * As {@link #plan(Map, Map, UnaryOperator)}, when {@code current} is known to hold exactly
     * the sets of {@code previous} as last written (empty: not known): a set of {@code desired}
     * that is the very object of {@code previous} is not compared member by member.
     */
    public static Plan plan(Map<String, IpSetSpec> desired, Map<String, KernelState.SetSeen> current,
                            Map<String, IpSetSpec> previous, UnaryOperator<String> temporaryName) {
        Set<IpSetSpec> asWritten = Collections.newSetFromMap(new IdentityHashMap<>());
        asWritten.addAll(previous.values());
        StringBuilder prepare = new StringBuilder();
        StringBuilder destroy = new StringBuilder();
        List<String> written = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (IpSetSpec want : desired.values()) {
            if (asWritten.contains(want)) {
                continue;
            }
            KernelState.SetSeen have = current.get(want.name());
            if (have != null && have.type() == want.type() && have.members().equals(want.members())) {
                continue;
            }
            written.add(want.name());
            String type = want.type().ipsetName();
            if (have == null) {
                prepare.append("create ").append(want.name()).append(' ').append(type).append(" family inet\n");
                want.members().forEach(m -> prepare.append("add ").append(want.name()).append(' ').append(m).append('\n'));
            } else if (have.type() == want.type()) {
                String tmp = temporaryName.apply(want.name());
                prepare.append("create ").append(tmp).append(' ').append(type).append(" family inet -exist\n");
                prepare.append("flush ").append(tmp).append('\n');
                want.members().forEach(m -> prepare.append("add ").append(tmp).append(' ').append(m).append('\n'));
                prepare.append("swap ").append(tmp).append(' ').append(want.name()).append('\n');
                prepare.append("destroy ").append(tmp).append('\n');
            } else {
                throw new IllegalStateException("ipset " + want.name() + " exists as " + have.type()
                        + " but should be " + want.type() + "; names encode the type, so this set is not ours to change");
            }
        }
        Set<String> wanted = new HashSet<>(desired.keySet());
        for (String name : current.keySet()) {
            if (!wanted.contains(name)) {
                deleted.add(name);
                destroy.append("destroy ").append(name).append('\n');
            }
        }
        return new Plan(prepare.toString(), destroy.toString(), written, deleted);
    }
}
