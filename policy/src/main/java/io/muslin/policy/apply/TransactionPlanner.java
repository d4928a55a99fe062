package io.muslin.policy.apply;

import io.muslin.policy.render.Chain;
import io.muslin.policy.render.Hook;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Desired ruleset + what the kernel has of ours → one iptables-restore input that rewrites only
 * the chains whose rule hashes differ, creates missing ones, deletes ours that are no longer
 * wanted, and puts our hook back at the top of each built-in chain when it is not there exactly
 * once. Nothing else is named in the input, so chains and rules that are not ours are never
 * touched. Pure.
 *
 * <p>A chain is rewritten whole: declaring it ({@code :NAME - [0:0]}) flushes it inside the
 * transaction, and its rules follow. The transaction is atomic, so packets see either the old
 * chain or the new one. With the nft backend, chains are deleted in a second transaction, because
 * iptables-nft-restore checks references against the state at the start of a transaction.
 */
public final class TransactionPlanner {

    private TransactionPlanner() {
    }

    /** The input for iptables-restore, or an empty string when the kernel is already right. */
    public record Plan(String input, List<String> written, List<String> deleted, List<String> hooksFixed) {
        public boolean isEmpty() {
            return input.isEmpty();
        }
    }

    public static Plan plan(Ruleset desired, SaveParser.Iptables current, boolean nft, String hashPrefix) {
        return plan(desired, current, null, nft, hashPrefix);
    }

    /**
     * As {@link #plan(Ruleset, SaveParser.Iptables, boolean, String)}, when {@code current} is
     * known to be exactly what writing {@code previous} left (null: not known): a chain of
     * {@code desired} that is the very object of {@code previous} (the renderer hands out the same
     * chain for an unchanged policy) is not compared rule by rule.
     */
    public static Plan plan(Ruleset desired, SaveParser.Iptables current, Ruleset previous, boolean nft, String hashPrefix) {
        Set<Chain> asWritten = Collections.newSetFromMap(new IdentityHashMap<>());
        if (previous != null) {
            asWritten.addAll(previous.chains().values());
        }
        List<String> write = new ArrayList<>();
        for (Chain c : desired.chains().values()) {
            if (asWritten.contains(c)) {
                continue;
            }
            List<String> have = current.chains().get(c.name());
            if (have == null || !have.equals(c.hashes())) {
                write.add(c.name());
            }
        }
        List<String> delete = new ArrayList<>();
        Set<String> wanted = new HashSet<>(desired.chains().keySet());
        for (String name : current.chains().keySet()) {
            if (!wanted.contains(name)) {
                delete.add(name);
            }
        }
        Map<String, Hook> wantedHooks = new HashMap<>();
        desired.hooks().forEach(h -> wantedHooks.put(h.builtinChain(), h));
        List<String> hookLines = new ArrayList<>();
        List<String> hooksFixed = new ArrayList<>();
        for (String builtin : SaveParser.BUILTINS) {
            List<KernelState.HookSeen> seen = current.hooks().getOrDefault(builtin, List.of());
            Hook want = wantedHooks.get(builtin);
            boolean ok = want == null ? seen.isEmpty()
                    : seen.size() == 1 && seen.getFirst().position() == 0 && want.hash().equals(seen.getFirst().hash());
            if (ok) {
                continue;
            }
            hooksFixed.add(builtin);
            seen.stream().sorted(Comparator.comparingInt(KernelState.HookSeen::position).reversed())
                    .forEach(s -> hookLines.add("-D" + s.saveLine().substring(2)));
            if (want != null) {
                hookLines.add(want.insertLine(hashPrefix));
            }
        }
        if (write.isEmpty() && delete.isEmpty() && hookLines.isEmpty()) {
            return new Plan("", List.of(), List.of(), List.of());
        }
        StringBuilder sb = new StringBuilder(4096 + write.size() * 512);
        sb.append("*filter\n");
        for (String name : write) {
            sb.append(':').append(name).append(" - [0:0]\n");
        }
        for (String name : delete) {
            sb.append(':').append(name).append(" - [0:0]\n");
        }
        for (String name : write) {
            desired.chains().get(name).appendLines(sb, hashPrefix);
        }
        hookLines.forEach(l -> sb.append(l).append('\n'));
        if (!delete.isEmpty() && nft) {
            sb.append("COMMIT\n*filter\n");
        }
        for (String name : delete) {
            sb.append("-X ").append(name).append('\n');
        }
        sb.append("COMMIT\n");
        return new Plan(sb.toString(), List.copyOf(write), List.copyOf(delete), List.copyOf(hooksFixed));
    }
}
