// Muslin policy benchmark, on one backend, in the network namespace this JVM runs in. The anchor
// is what a simple implementation does: render everything and write it with one ipset restore and
// one iptables-restore (atomic for the table), for the full apply and again for a one-policy change.
// Muslin and the anchor alternate round by round; medians are reported. The same rules written one
// iptables call at a time are a second, older baseline. Last line: one JSON object.
// Run through bench/policy/run.sh, which makes the namespace (mpol-bench-*) and removes it.
//
//   java -cp policy/target/classes:net-types/target/classes bench/policy/PolicyBench.java legacy|nft [policies] [localPods] [repeats] [baselineCalls]

import io.muslin.policy.PolicyDataplane;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.policy.dataplane.LinuxConntrack;
import io.muslin.policy.dataplane.LinuxIpset;
import io.muslin.policy.dataplane.LinuxIptables;
import io.muslin.policy.dataplane.ProcessCommandRunner;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.LabelSelector;
import io.muslin.policy.model.Namespace;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyPort;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.PolicyType;
import io.muslin.policy.model.Protocol;
import io.muslin.policy.render.Chain;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class PolicyBench {

    static int namespaces = 100;
    static int localNamespaces = 100;
    static int podsPerNamespace = 20;

    public static void main(String[] args) {
        Backend backend = Backend.parse(args[0]);
        int policies = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int localPods = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int baselineCalls = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        String b = backend.name().toLowerCase();

        CommandRunner runner = new ProcessCommandRunner();
        RenderConfig cfg = RenderConfig.defaults();
        IptablesApplier applier = new IptablesApplier(new LinuxIptables(runner, backend), new LinuxIpset(runner), cfg);
        PolicyDataplane dp = new PolicyDataplane(new PolicyRenderer(cfg), applier, new LinuxConntrack(runner), Set.of());
        dp.cleanup();

        localNamespaces = localPods;
        List<NetworkPolicy> pols = policies(policies);
        PolicySnapshot snap = snapshot(pols, localPods);
        // Warm the JIT on the pure part, as a long-running agent is.
        for (int i = 0; i < 5; i++) {
            new PolicyRenderer(cfg).render(snap);
        }

        // 1. Full apply, Muslin and the anchor alternating on an empty table, medians of the rounds.
        Anchor anchor = new Anchor(runner, backend, cfg);
        List<Long> mFull = new ArrayList<>();
        List<Long> aFull = new ArrayList<>();
        List<Long> aFullRender = new ArrayList<>();
        List<Long> aFullIpset = new ArrayList<>();
        List<Long> aFullRestore = new ArrayList<>();
        PolicyDataplane.UpdateResult full = null;
        int expectedRules = -1;
        for (int round = 0; round < FULL_ROUNDS; round++) {
            dp.cleanup();
            full = dp.update(snap);
            mFull.add(full.total().toNanos());
            expectedRules = verify(runner, backend, dp.ruleset().ruleCount(), -1, "muslin full apply");
            dp.cleanup();
            long[] t = anchor.writeAll(snap, true);
            aFullRender.add(t[0]);
            aFullIpset.add(t[1]);
            aFullRestore.add(t[2]);
            aFull.add(t[0] + t[1] + t[2]);
            verify(runner, backend, expectedRules, expectedRules, "anchor full apply");
            anchor.cleanup();
        }
        dp.cleanup();
        full = dp.update(snap);
        Ruleset rs = dp.ruleset();
        int policyRules = rs.chains().values().stream().filter(c -> c.name().contains("-pi-") || c.name().contains("-po-"))
                .mapToInt(c -> c.rules().size()).sum();
        int inKernel = countOurRules(runner, backend);
        System.out.printf("%n== backend %s (load average %s): %d policies, %d local pods of %d, %d policy rules, %d rules in all (%d read back from the kernel), %d chains, %d ipsets%n",
                b, loadavg(), policies, localPods, namespaces * podsPerNamespace, policyRules, rs.ruleCount(), inKernel, rs.chains().size(), rs.ipsets().size());
        System.out.printf("muslin full apply: %d ms (render %d, ipset+iptables-restore %d, conntrack %d)%n",
                full.total().toMillis(), full.render().toMillis(), full.apply().toMillis(), full.tighten().toMillis());
        System.out.printf("full apply, %d rounds alternating, medians: muslin %.1f ms; anchor (render + one ipset restore + one"
                        + " iptables-restore) %.1f ms [render + text %.1f, ipset restore %.1f, iptables-restore %.1f] — muslin/anchor %.2f%n",
                FULL_ROUNDS, median(mFull) / 1e6, median(aFull) / 1e6, median(aFullRender) / 1e6, median(aFullIpset) / 1e6,
                median(aFullRestore) / 1e6, median(mFull) / median(aFull));

        // 3. One policy changes a port: one chain rewritten. Warm the whole path first, as an agent is.
        int target = policies / 2;
        for (int i = 0; i < 10; i++) {
            dp.update(snapshot(replace(pols, target, policy(target, i % 2 == 0 ? 7000 : 0)), localPods));
        }
        // Nothing changed (after the warm-up).
        List<Long> noop = new ArrayList<>();
        List<Long> noopR = new ArrayList<>();
        List<Long> noopA = new ArrayList<>();
        List<Long> noopT = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PolicyDataplane.UpdateResult r = dp.update(snap);
            noop.add(r.total().toNanos());
            noopR.add(r.render().toNanos());
            noopA.add(r.apply().toNanos());
            noopT.add(r.tighten().toNanos());
        }
        System.out.printf("muslin update with nothing changed: median %.1f ms (no tool runs) [render %.1f, plan %.1f, tighten check %.1f]%n",
                median(noop) / 1e6, median(noopR) / 1e6, median(noopA) / 1e6, median(noopT) / 1e6);

        List<Long> portTotal = new ArrayList<>();
        List<Long> portApply = new ArrayList<>();
        List<Long> portRender = new ArrayList<>();
        List<Long> portTighten = new ArrayList<>();
        List<String> written = List.of();
        for (int i = 0; i < repeats; i++) {
            List<NetworkPolicy> changed = new ArrayList<>(pols);
            changed.set(target, policy(target, i % 2 == 0 ? 9000 : 0));
            PolicyDataplane.UpdateResult r = dp.update(snapshot(changed, localPods));
            written = r.applied().chainsWritten();
            portTotal.add(r.total().toNanos());
            portApply.add(r.apply().toNanos());
            portRender.add(r.render().toNanos());
            portTighten.add(r.tighten().toNanos());
        }
        dp.update(snap);
        List<Long> portInPlace = new ArrayList<>();
        for (int i = 0; i < portApply.size(); i++) {
            portInPlace.add(portRender.get(i) + portApply.get(i));
        }
        System.out.printf("muslin one-policy change (port; %d chain rewritten): rules in place after median %.1f ms, p90 %.1f, max %.1f "
                        + "[render %.1f, iptables-restore %.1f]; with conntrack tightening median %.1f ms (conntrack %.1f)%n",
                written.size(), median(portInPlace) / 1e6, pct(portInPlace, 90) / 1e6, max(portInPlace) / 1e6,
                median(portRender) / 1e6, median(portApply) / 1e6, median(portTotal) / 1e6, median(portTighten) / 1e6);

        // 4. One policy changes a selector: a new ipset is built and an old one destroyed as well.
        List<Long> selTotal = new ArrayList<>();
        List<Long> selApply = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            List<NetworkPolicy> changed = new ArrayList<>(pols);
            changed.set(target, policy(target, 0, i % 2 == 0 ? "appx" : null));
            PolicyDataplane.UpdateResult r = dp.update(snapshot(changed, localPods));
            selTotal.add(r.total().toNanos());
            selApply.add(r.apply().toNanos());
        }
        dp.update(snap);
        System.out.printf("muslin one-policy change (selector; new ipset): median %.1f ms, p90 %.1f, max %.1f [ipset+iptables-restore %.1f]%n",
                median(selTotal) / 1e6, pct(selTotal, 90) / 1e6, max(selTotal) / 1e6, median(selApply) / 1e6);

        // 5. Drift check with nothing drifted: iptables-save + ipset save, parsed.
        List<Long> repair = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            dp.repairDrift();
            repair.add(System.nanoTime() - t);
        }
        System.out.printf("muslin drift check (read back everything, nothing to fix): median %.1f ms%n", median(repair) / 1e6);

        // 5b. The one-policy change against the anchor, alternating: Muslin moves the target policy
        //     between two states, the anchor rewrites everything (all ipsets, all our chains, one
        //     iptables-restore) with it in a third. Muslin's next update finds the chain it wrote
        //     changed and rewrites it, as it would any chain that differs from what it wants.
        dp.update(snap);
        List<Long> mChange = new ArrayList<>();
        List<Long> aChange = new ArrayList<>();
        List<Long> aChangeRender = new ArrayList<>();
        List<Long> aChangeIpset = new ArrayList<>();
        List<Long> aChangeRestore = new ArrayList<>();
        PolicySnapshot third = snapshot(replace(pols, target, policy(target, 7000)), localPods);
        for (int i = 0; i < repeats; i++) {
            PolicyDataplane.UpdateResult r = dp.update(snapshot(replace(pols, target, policy(target, i % 2 == 0 ? 9000 : 0)), localPods));
            if (r.applied().chainsWritten().size() != 1) {
                throw new IllegalStateException("expected one chain rewritten, got " + r.applied());
            }
            mChange.add(r.render().toNanos() + r.apply().toNanos());
            long[] t = anchor.writeAll(third, false);
            aChangeRender.add(t[0]);
            aChangeIpset.add(t[1]);
            aChangeRestore.add(t[2]);
            aChange.add(t[0] + t[1] + t[2]);
        }
        verify(runner, backend, expectedRules, expectedRules, "after the alternating one-policy changes");
        System.out.printf("one-policy change, %d rounds alternating, medians: muslin rules in place %.1f ms; anchor (render +"
                        + " rewrite everything) %.1f ms [render + text %.1f, ipset restore %.1f, iptables-restore %.1f] — muslin/anchor %.2f%n",
                repeats, median(mChange) / 1e6, median(aChange) / 1e6, median(aChangeRender) / 1e6, median(aChangeIpset) / 1e6,
                median(aChangeRestore) / 1e6, median(mChange) / median(aChange));

        long tc = System.nanoTime();
        dp.cleanup();
        System.out.printf("muslin cleanup: %d ms%n", (System.nanoTime() - tc) / 1_000_000);

        // 6. The same rules one iptables call at a time.
        runner.run(List.of("ipset", "restore"), rs.ipsetRestoreText()); // prerequisite, not timed
        List<List<String>> calls = new ArrayList<>();
        for (Chain c : rs.chains().values()) {
            calls.add(List.of(backend.iptables(), "-w", "-N", c.name()));
        }
        for (Chain c : rs.chains().values()) {
            calls.addAll(appendCalls(backend, c, cfg.hashPrefix()));
        }
        for (var h : rs.hooks()) {
            calls.add(argv(backend, h.insertLine(cfg.hashPrefix())));
        }
        int n = Math.min(calls.size(), baselineCalls);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CommandRunner.Result r = runner.run(calls.get(i), null);
            if (!r.ok()) {
                throw new IllegalStateException(r.describe());
            }
        }
        long fullBaseline = System.nanoTime() - t0;
        boolean extrapolated = n < calls.size();
        if (extrapolated) {
            System.out.printf("(one-call baseline stopped after %d of %d calls; the rest is extrapolated linearly, which flatters it)%n", n, calls.size());
            fullBaseline = fullBaseline * calls.size() / n;
            // Finish the table untimed, in one restore (the rest one call at a time takes many
            // minutes on legacy): the incremental baseline below needs every rule in place.
            anchor.cleanup();
            runner.run(List.of("ipset", "restore"), rs.ipsetRestoreText());
            anchor.writeAll(snap, true);
        }
        System.out.printf("one iptables call per chain and rule: %d calls, %d ms%s — ratio %.0fx Muslin's full apply%n",
                calls.size(), fullBaseline / 1_000_000, extrapolated ? " (extrapolated)" : "",
                (double) fullBaseline / full.total().toNanos());

        // 7. The one-policy change, Muslin and one call at a time, alternating on the same table so both
        //    see the same machine load. Muslin adopts the table the baseline built (a repair finds it
        //    identical), then moves between states S1 and S0 while the baseline writes S2 in between.
        ApplyResultCheck.identical(applier.repair(rs));
        Ruleset s2 = new PolicyRenderer(cfg).render(snapshot(replace(pols, target, policy(target, 7000)), localPods));
        String chain = new io.muslin.policy.render.ChainNames(cfg).policy(pols.get(target), PolicyType.INGRESS);
        List<List<String>> toS2 = new ArrayList<>();
        toS2.add(List.of(backend.iptables(), "-w", "-F", chain));
        toS2.addAll(appendCalls(backend, s2.chains().get(chain), cfg.hashPrefix()));
        List<Long> mInPlace = new ArrayList<>();
        List<Long> mTotal = new ArrayList<>();
        List<Long> mConntrack = new ArrayList<>();
        List<Long> incBaseline = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            PolicyDataplane.UpdateResult r = dp.update(snapshot(replace(pols, target, policy(target, i % 2 == 0 ? 9000 : 0)), localPods));
            if (r.applied().chainsWritten().size() != 1) {
                throw new IllegalStateException("expected one chain rewritten, got " + r.applied());
            }
            mInPlace.add(r.render().toNanos() + r.apply().toNanos());
            mTotal.add(r.total().toNanos());
            mConntrack.add(r.tighten().toNanos());
            long t = System.nanoTime();
            for (List<String> call : toS2) {
                CommandRunner.Result res = runner.run(call, null);
                if (!res.ok()) {
                    throw new IllegalStateException(res.describe());
                }
            }
            incBaseline.add(System.nanoTime() - t);
        }
        System.out.printf("same window, alternating: muslin one-policy change rules in place median %.1f ms (p90 %.1f), "
                        + "with conntrack tightening %.1f ms (conntrack %.1f);%n  one iptables call at a time (-F + %d × -A, not atomic) median %.1f ms (p90 %.1f) — ratio %.1fx%n",
                median(mInPlace) / 1e6, pct(mInPlace, 90) / 1e6, median(mTotal) / 1e6, median(mConntrack) / 1e6,
                toS2.size() - 1, median(incBaseline) / 1e6, pct(incBaseline, 90) / 1e6, median(incBaseline) / median(mInPlace));
        // 8. Where a one-chain change's time goes, in one alternating window: Muslin's one-policy
        //    change (render; apply = plan + iptables-restore through the JVM), then the restore input
        //    it just sent replayed under /usr/bin/time (wall; user CPU = the tool's parsing and its
        //    copy of the table; system CPU = the kernel), an empty transaction (COMMIT alone) and the
        //    tool's process start alone (-V).
        dp.update(snapshot(replace(pols, target, policy(target, 7000)), localPods));
        String restore = backend.tool("iptables", "restore");
        List<Long> wRender = new ArrayList<>();
        List<Long> wApply = new ArrayList<>();
        List<double[]> oneChain = new ArrayList<>();
        List<double[]> empty = new ArrayList<>();
        List<double[]> start = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            PolicyDataplane.UpdateResult r = dp.update(snapshot(replace(pols, target, policy(target, i % 2 == 0 ? 9000 : 0)), localPods));
            if (r.applied().chainsWritten().size() != 1) {
                throw new IllegalStateException("expected one chain rewritten, got " + r.applied());
            }
            wRender.add(r.render().toNanos());
            wApply.add(r.apply().toNanos());
            oneChain.add(timed(runner, List.of(restore, "--noflush", "-w", "10"), r.applied().iptablesInput()));
            empty.add(timed(runner, List.of(restore, "--noflush", "-w", "10"), "*filter\nCOMMIT\n"));
            start.add(timed(runner, List.of(restore, "-V"), null));
        }
        double[] oc = medians(oneChain);
        double[] em = medians(empty);
        double[] st = medians(start);
        System.out.printf("where a one-chain change goes (%d rounds, medians): muslin render %.1f ms + apply %.1f ms (plan and the tool through"
                        + " the JVM); the same %s input replayed under time(1) %.0f ms wall (user %.0f, sys %.0f); an empty transaction"
                        + " %.0f ms (user %.0f, sys %.0f); the tool's process start alone %.0f ms%n",
                repeats, median(wRender) / 1e6, median(wApply) / 1e6, restore, oc[0], oc[1], oc[2], em[0], em[1], em[2], st[0]);
        System.out.printf("RESULT %s policies=%d rules=%d full_ms=%d baseline_full_ms=%d full_ratio=%.0f inc_in_place_median_ms=%.1f inc_in_place_p90_ms=%.1f inc_with_conntrack_median_ms=%.1f baseline_inc_median_ms=%.1f inc_ratio=%.1f target_50ms=%s loadavg=%s%n",
                b, policies, rs.ruleCount(), full.total().toMillis(), fullBaseline / 1_000_000, (double) fullBaseline / full.total().toNanos(),
                median(mInPlace) / 1e6, pct(mInPlace, 90) / 1e6, median(mTotal) / 1e6, median(incBaseline) / 1e6,
                median(incBaseline) / median(mInPlace), median(mInPlace) / 1e6 < 50 ? "met" : "missed", loadavg());
        new IptablesApplier(new LinuxIptables(runner, backend), new LinuxIpset(runner), cfg).cleanup();
        System.out.printf("JSON {\"backend\":\"%s\",\"policies\":%d,\"rules\":%d,\"rounds_full\":%d,\"rounds_change\":%d,"
                        + "\"muslin_full_ms\":%.1f,\"anchor_full_ms\":%.1f,\"anchor_full_render_ms\":%.1f,"
                        + "\"anchor_full_ipset_ms\":%.1f,\"anchor_full_iptables_restore_ms\":%.1f,\"full_ratio_muslin_to_anchor\":%.2f,"
                        + "\"muslin_change_ms\":%.1f,\"anchor_change_ms\":%.1f,\"change_ratio_muslin_to_anchor\":%.2f,"
                        + "\"one_call_full_ms\":%d,\"one_call_full_extrapolated\":%s,\"one_call_change_ms\":%.1f,"
                        + "\"breakdown\":{\"muslin_render_ms\":%.1f,\"muslin_apply_ms\":%.1f},\"restore_one_chain\":{\"wall_ms\":%.1f,\"user_ms\":%.1f,\"sys_ms\":%.1f},"
                        + "\"restore_empty\":{\"wall_ms\":%.1f,\"user_ms\":%.1f,\"sys_ms\":%.1f},\"restore_process_start_ms\":%.1f,"
                        + "\"loadavg\":\"%s\"}%n",
                b, policies, rs.ruleCount(), FULL_ROUNDS, repeats, median(mFull) / 1e6, median(aFull) / 1e6,
                median(aFullRender) / 1e6, median(aFullIpset) / 1e6, median(aFullRestore) / 1e6, median(mFull) / median(aFull),
                median(mChange) / 1e6, median(aChange) / 1e6, median(mChange) / median(aChange),
                fullBaseline / 1_000_000, extrapolated, median(incBaseline) / 1e6, median(wRender) / 1e6, median(wApply) / 1e6, oc[0], oc[1], oc[2], em[0], em[1], em[2], st[0],
                loadavg());
    }

    static final int FULL_ROUNDS = 5;

    /**
     * Runs {@code argv} under /usr/bin/time: the wall time as this JVM waits for it (time's own start
     * included) and the tool's user and system CPU (10 ms steps), in ms.
     */
    static double[] timed(CommandRunner runner, List<String> argv, String stdin) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIME %e %U %S"));
        cmd.addAll(argv);
        long t0 = System.nanoTime();
        CommandRunner.Result r = runner.run(cmd, stdin);
        double wall = (System.nanoTime() - t0) / 1e6;
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
        String line = r.stderr().lines().filter(l -> l.startsWith("TIME ")).reduce((a, b2) -> b2)
                .orElseThrow(() -> new IllegalStateException("no time line: " + r.stderr()));
        String[] f = line.split(" ");
        return new double[] {wall, Double.parseDouble(f[2]) * 1000, Double.parseDouble(f[3]) * 1000};
    }

    static double[] medians(List<double[]> xs) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            final int kk = k;
            double[] v = xs.stream().mapToDouble(a -> a[kk]).sorted().toArray();
            out[k] = v[v.length / 2];
        }
        return out;
    }

    /**
     * The anchor: a simple implementation that renders everything and writes it all at once, one
     * {@code ipset restore} (every set created or flushed and refilled) and one
     * {@code iptables-restore --noflush} (every chain of ours declared, hence emptied, and refilled,
     * atomically for the table). The hooks into the built-in chains are inserted on the first write.
     */
    static final class Anchor {
        final CommandRunner runner;
        final Backend backend;
        final RenderConfig cfg;

        Anchor(CommandRunner runner, Backend backend, RenderConfig cfg) {
            this.runner = runner;
            this.backend = backend;
            this.cfg = cfg;
        }

        /** Renders and writes everything; returns the nanoseconds of render, ipset restore, iptables-restore. */
        long[] writeAll(PolicySnapshot snap, boolean first) {
            long t0 = System.nanoTime();
            Ruleset r = new PolicyRenderer(cfg).render(snap);
            StringBuilder sets = new StringBuilder();
            for (io.muslin.policy.render.IpSetSpec s : r.ipsets().values()) {
                sets.append("create ").append(s.name()).append(' ').append(s.type().ipsetName()).append(" family inet -exist\n");
                sets.append("flush ").append(s.name()).append('\n');
                s.members().forEach(m -> sets.append("add ").append(s.name()).append(' ').append(m).append('\n'));
            }
            String rules = (first ? r : new Ruleset(r.chains(), r.ipsets(), List.of())).iptablesRestoreText(cfg.hashPrefix());
            long t1 = System.nanoTime();
            check(runner.run(List.of("ipset", "restore"), sets.toString()));
            long t2 = System.nanoTime();
            check(runner.run(List.of(backend.tool("iptables", "restore"), "--noflush", "-w", "10"), rules));
            long t3 = System.nanoTime();
            return new long[] {t1 - t0, t2 - t1, t3 - t2};
        }

        void cleanup() {
            new IptablesApplier(new LinuxIptables(runner, backend), new LinuxIpset(runner), cfg).cleanup();
        }

        static void check(CommandRunner.Result r) {
            if (!r.ok()) {
                throw new IllegalStateException(r.describe());
            }
        }
    }

    /** Our rules read back from the kernel; fails unless there are {@code expected} (when not -1). Returns the count. */
    static int verify(CommandRunner runner, Backend backend, int rendered, int expected, String what) {
        int n = countOurRules(runner, backend);
        if ((expected >= 0 && n != expected) || n == 0) {
            throw new IllegalStateException(what + ": " + n + " rules of ours in the kernel, expected " + (expected >= 0 ? expected : "some")
                    + " (" + rendered + " rendered)");
        }
        return n;
    }

    static String loadavg() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The repair that adopts the baseline's table must find nothing to change. */
    static final class ApplyResultCheck {
        static void identical(io.muslin.policy.apply.ApplyResult r) {
            if (r.changed()) {
                throw new IllegalStateException("the one-call baseline built a different table: " + r);
            }
        }
    }

    static List<NetworkPolicy> replace(List<NetworkPolicy> pols, int i, NetworkPolicy p) {
        List<NetworkPolicy> c = new ArrayList<>(pols);
        c.set(i, p);
        return c;
    }

    static int countOurRules(CommandRunner runner, Backend backend) {
        String save = runner.run(List.of(backend.tool("iptables", "save"), "-t", "filter"), null).stdout();
        return (int) save.lines().filter(l -> l.startsWith("-A ") && l.contains("muslin:")).count();
    }

    static List<List<String>> appendCalls(Backend backend, Chain c, String hashPrefix) {
        StringBuilder sb = new StringBuilder();
        c.appendLines(sb, hashPrefix);
        List<List<String>> out = new ArrayList<>();
        for (String line : sb.toString().split("\n")) {
            out.add(argv(backend, line));
        }
        return out;
    }

    /** An iptables-restore line as the argv of one iptables call (double quotes group words). */
    static List<String> argv(Backend backend, String line) {
        List<String> out = new ArrayList<>(List.of(backend.iptables(), "-w"));
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    /**
     * Policy i in namespace ns(i % localPods): selects the local pod of its namespace (app0) and
     * one more; ingress from a pod selector and a namespace selector on two ports (4 rules), plus
     * an ipBlock with an except on two ports (2); egress to a pod selector on one port (1): 7 rules.
     */
    static NetworkPolicy policy(int i, int portShift) {
        return policy(i, portShift, null);
    }

    static NetworkPolicy policy(int i, int portShift, String extraApp) {
        String ns = "ns" + (i % localNamespaces);
        int k = i / localNamespaces;
        LabelSelector select = LabelSelector.ALL.and(LabelSelector.Requirement.in("app", "app0", "app" + (1 + k % 19)));
        Peer pods = Peer.pods(extraApp == null ? LabelSelector.labels("app", "app" + (k % 20)) : LabelSelector.labels("app", extraApp));
        Peer team = Peer.namespaces(LabelSelector.labels("team", "t" + (i % 10)));
        PolicyRule in1 = new PolicyRule(List.of(pods, team),
                List.of(PolicyPort.of(Protocol.TCP, 1000 + k + portShift), PolicyPort.range(Protocol.TCP, 8000, 8100)));
        PolicyRule in2 = new PolicyRule(List.of(Peer.ipBlock("10." + (i % 250) + ".0.0/16", "10." + (i % 250) + ".1.0/24")),
                List.of(PolicyPort.of(Protocol.UDP, 53), PolicyPort.of(Protocol.TCP, 5000 + k)));
        PolicyRule out1 = new PolicyRule(List.of(Peer.pods(LabelSelector.labels("app", "app" + ((k + 1) % 20)))),
                List.of(PolicyPort.of(Protocol.TCP, 443)));
        return new NetworkPolicy(ns, "policy-" + i, select, Set.of(PolicyType.INGRESS, PolicyType.EGRESS),
                List.of(in1, in2), List.of(out1));
    }

    static List<NetworkPolicy> policies(int n) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(policy(i, 0));
        }
        return out;
    }

    /** 100 namespaces of 20 pods; the first {@code localPods} namespaces have their app0 pod on this node. */
    static PolicySnapshot snapshot(List<NetworkPolicy> pols, int localPods) {
        List<Namespace> nss = new ArrayList<>();
        List<Endpoint> eps = new ArrayList<>();
        for (int n = 0; n < namespaces; n++) {
            nss.add(Namespace.of("ns" + n, "team", "t" + (n % 10)));
            for (int p = 0; p < podsPerNamespace; p++) {
                String ip = "10.96." + n + "." + (p + 1);
                Map<String, String> labels = Map.of("app", "app" + p);
                eps.add(p == 0 && n < localPods
                        ? Endpoint.local("ns" + n, "pod" + p, ip, "cali" + String.format("%011x", n * 1000L + p), labels)
                        : Endpoint.remote("ns" + n, "pod" + p, ip, labels));
            }
        }
        return new PolicySnapshot(nss, eps, pols);
    }

    static double median(List<Long> xs) {
        return pct(xs, 50);
    }

    static double pct(List<Long> xs, int p) {
        long[] a = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    static double max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
