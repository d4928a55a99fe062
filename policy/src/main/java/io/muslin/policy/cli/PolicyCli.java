package io.muslin.policy.cli;

import io.muslin.policy.apply.ApplyResult;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.apply.KernelState;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.BackendDetector;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.policy.dataplane.LinuxIpset;
import io.muslin.policy.dataplane.LinuxIptables;
import io.muslin.policy.dataplane.ProcessCommandRunner;
import io.muslin.policy.render.RenderConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code muslin-policy [--netns NAME] [--backend legacy|nft|both] detect-backend|show|cleanup}.
 *
 * <ul>
 * <li>{@code detect-backend}: the backend this node uses and why;</li>
 * <li>{@code show}: our chains (with rule counts), hooks and ipsets;</li>
 * <li>{@code cleanup}: removes every chain, hook and ipset of ours — by default from both
 *     backends, in case the node switched — and leaves everything else alone.</li>
 * </ul>
 * Exit status 0 on success, 1 on a tool failure (the failing line is printed), 2 on bad usage.
 */
public final class PolicyCli {

    private PolicyCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static String name(Backend b) {
        return b.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void show(IptablesApplier applier, Backend b, PrintStream out) {
        KernelState s = applier.readKernel();
        out.println("backend " + name(b) + ":");
        s.hooks().forEach((builtin, seen) -> seen.forEach(h ->
                out.println("  hook " + builtin + " #" + (h.position() + 1) + ": " + h.saveLine())));
        s.chains().forEach((chain, hashes) -> out.println("  chain " + chain + " (" + hashes.size() + " rules)"));
        s.ipsets().forEach((set, seen) -> out.println("  ipset " + set + " " + seen.type() + " ("
                + seen.members().size() + " members)"));
    }

    private static boolean cleanup(Backend b, CommandRunner runner, RenderConfig cfg, PrintStream out, PrintStream err) {
        IptablesApplier applier = new IptablesApplier(new LinuxIptables(runner, b), new LinuxIpset(runner), cfg);
        try {
            ApplyResult r = applier.cleanup();
            out.println("backend " + name(b) + ": removed " + r.chainsDeleted().size() + " chains, "
                    + r.hooksFixed().size() + " hooks, " + r.ipsetsDeleted().size() + " ipsets");
            return true;
        } catch (RuntimeException e) {
            if (err != null) {
                err.println("backend " + name(b) + ": " + e.getMessage());
            }
            return false;
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String netns = null;
        String backendArg = null;
        String command = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--netns" -> netns = i + 1 < args.length ? args[++i] : null;
                case "--backend" -> backendArg = i + 1 < args.length ? args[++i] : null;
                default -> command = command == null ? args[i] : "too-many";
            }
        }
        if (command == null || command.equals("too-many") || !List.of("detect-backend", "show", "cleanup").contains(command)) {
            err.println("usage: muslin-policy [--netns NAME] [--backend legacy|nft|both] detect-backend|show|cleanup");
            return 2;
        }
        CommandRunner runner = netns == null ? new ProcessCommandRunner() : ProcessCommandRunner.inNetns(netns);
        BackendDetector.Detection detected = new BackendDetector(runner).detect();
        if (command.equals("detect-backend")) {
            out.println(detected.backend().name().toLowerCase(java.util.Locale.ROOT) + " (" + detected.reason() + ")");
            return 0;
        }
        List<Backend> backends = new ArrayList<>();
        try {
            if (backendArg == null) {
                backends.addAll(command.equals("cleanup") ? List.of(Backend.LEGACY, Backend.NFT) : List.of(detected.backend()));
            } else if (backendArg.equals("both")) {
                backends.addAll(List.of(Backend.LEGACY, Backend.NFT));
            } else {
                backends.add(Backend.parse(backendArg));
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        RenderConfig cfg = RenderConfig.defaults();
        int status = 0;
        if (command.equals("show")) {
            for (Backend b : backends) {
                try {
                    show(new IptablesApplier(new LinuxIptables(runner, b), new LinuxIpset(runner), cfg), b, out);
                } catch (RuntimeException e) {
                    err.println("backend " + name(b) + ": " + e.getMessage());
                    status = 1;
                }
            }
            return status;
        }
        // ipsets are shared by both backends: a set still used by the other backend's rules cannot
        // go in the first pass, so a failed pass is retried once after the others ran.
        List<Backend> failed = new ArrayList<>();
        for (Backend b : backends) {
            if (!cleanup(b, runner, cfg, out, null)) {
                failed.add(b);
            }
        }
        for (Backend b : failed) {
            if (!cleanup(b, runner, cfg, out, err)) {
                status = 1;
            }
        }
        return status;
    }
}
