import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Batch;
import io.muslin.netlink.Route;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.linux.RouteProgrammer;
import io.muslin.routing.reconcile.ReconcileReport;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The route programmer's incremental path against `ip -batch`, in one run, inside a scratch
 * namespace (mnl-bench-PID, a veth as the uplink): N learned /32s handed over as the BGP speaker
 * hands them (changes of BATCH routes each, from the caller's thread, as fast as it can) until all
 * N are in the kernel (the changes are made as they are handed over, as the speaker makes them); then all N withdrawn the same way; `ip -n NS -batch` adds and deletes the
 * same routes (the anchor), and so does one LinuxNetlink batch (the kernel's floor for Muslin). Prints a table, then one JSON object as the last line. Run through
 * bench/netlink/programmer.sh, as root.
 */
public class ProgrammerBench {
    static final int PROTO = 77;
    /** `ip -batch` writes under another protocol: routes of 77 not learned would be the programmer's to delete. */
    static final int IP_PROTO = 78;
    static final java.util.concurrent.atomic.AtomicInteger RESYNCS = new java.util.concurrent.atomic.AtomicInteger();
    static final int BATCH = 1000;
    static String ns;

    record Result(int routes, double ipAdd, double rawAdd, double muAdd, double feedAdd, double ipDel, double rawDel, double muDel,
                  double feedDel) {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {100_000, 1_000_000};
        ns = "mnl-bench-" + ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run("ip", "netns", "del", ns)));
        sh("ip", "netns", "add", ns);
        // No IPv6 here: link-local addresses appearing a second later would be address events (a resync).
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
        sh("ip", "-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        sh("ip", "-n", ns, "addr", "add", "10.255.0.1/24", "dev", "veth0");
        sh("ip", "-n", ns, "link", "set", "veth0", "up");
        sh("ip", "-n", ns, "link", "set", "veth1", "up");
        String loadStart = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("machine: %d cores, load average at start: %s%n", Runtime.getRuntime().availableProcessors(), loadStart);
        List<Result> results = new ArrayList<>();
        try (RouteProgrammer p = RouteProgrammer.start(ns, PlannerConfig.DEFAULT, Duration.ofHours(1), r -> {
            if (r.resynced()) {
                RESYNCS.incrementAndGet();
                if (System.getenv("BENCH_DEBUG") != null) {
                    System.out.printf("resync: %d routes considered, %.3f s%n", r.routesConsidered(), r.durationNanos() / 1e9);
                }
            } else if (System.getenv("BENCH_DEBUG") != null && r.routesConsidered() > 0) {
                System.out.printf("apply: %d routes, %d written, %.3f s%n", r.routesConsidered(), r.writes(), r.durationNanos() / 1e9);
            }
        })) {
            p.setNode(new NodeIntent(IpAddress.parse("10.255.0.1"), List.of(Pool.hostGw("100.64.0.0/10")), List.of(), null));
            p.replaceLearned(List.of(), true);
            p.applyNow();
            muslin(p, 50_000); // JIT warm-up, not reported
            muslin(p, 50_000);
            System.out.println();
            System.out.printf("%-9s %-9s %11s %13s %11s %8s %13s %16s%n", "routes", "op", "ip -batch", "netlink batch",
                    "muslin", "ratio", "muslin rt/s", "caller blocked");
            try (LinuxNetlink nl = LinuxNetlink.openIn(ns)) {
                int veth0 = nl.linkByName("veth0").orElseThrow().index();
                for (int n : sizes) {
                    double[] ip = ipBatch(n);
                    double[] raw = raw(nl, veth0, n);
                    double[] mu = muslin(p, n);
                    Result r = new Result(n, ip[0], raw[0], mu[0], mu[1], ip[1], raw[1], mu[2], mu[3]);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "%-9d %-9s %9.3f s %11.3f s %9.3f s %7.2fx %13.0f %14.3f s%n", n, "add", r.ipAdd,
                            r.rawAdd, r.muAdd, r.ipAdd / r.muAdd, n / r.muAdd, r.feedAdd);
                    System.out.printf(Locale.ROOT, "%-9d %-9s %9.3f s %11.3f s %9.3f s %7.2fx %13.0f %14.3f s%n", n, "withdraw",
                            r.ipDel, r.rawDel, r.muDel, r.ipDel / r.muDel, n / r.muDel, r.feedDel);
                }
            }
        }
        double[] q = queries(sizes.length > 0 ? 10_000 : 0);
        String loadEnd = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("load average at end: %s; kernel re-reads by the programmer: %d%n", loadEnd, RESYNCS.get());
        StringBuilder json = new StringBuilder("{\"bench\":\"route-programmer-incremental\",\"cores\":")
                .append(Runtime.getRuntime().availableProcessors())
                .append(",\"load_start\":\"").append(loadStart).append("\",\"load_end\":\"").append(loadEnd)
                .append("\",\"changes_per_call\":").append(BATCH)
                .append(String.format(Locale.ROOT, ",\"status_10k_ms\":%.3f,\"routes_10k_ms\":%.3f", q[0], q[1]))
                .append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"routes\":%d,\"ip_batch_add_s\":%.3f,\"netlink_batch_add_s\":%.3f,\"muslin_add_s\":%.3f,\"ratio_add\":%.2f,"
                            + "\"caller_add_s\":%.3f,\"ip_batch_del_s\":%.3f,\"netlink_batch_del_s\":%.3f,\"muslin_withdraw_s\":%.3f,"
                            + "\"ratio_withdraw\":%.2f,\"caller_withdraw_s\":%.3f}",
                    r.routes, r.ipAdd, r.rawAdd, r.muAdd, r.ipAdd / r.muAdd, r.feedAdd, r.ipDel, r.rawDel, r.muDel, r.ipDel / r.muDel,
                    r.feedDel));
        }
        System.out.println(json.append("]}"));
    }

    /** Median milliseconds of status() and of routes(n) with n routes installed (what /status would ask). */
    static double[] queries(int n) throws Exception {
        if (n == 0) {
            return new double[2];
        }
        try (RouteProgrammer p = RouteProgrammer.start(ns, PlannerConfig.DEFAULT, Duration.ofHours(1), r -> { })) {
            p.setNode(new NodeIntent(IpAddress.parse("10.255.0.1"), List.of(Pool.hostGw("100.64.0.0/10")), List.of(), null));
            List<LearnedRoute> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(LearnedRoute.of(dst(i), IpAddress.parse("10.255.0.2")));
            }
            p.replaceLearned(all, true);
            p.applyNow();
            double[] st = new double[41];
            double[] rt = new double[41];
            for (int k = 0; k < st.length; k++) {
                long t0 = System.nanoTime();
                if (p.status().totals().installed() != n) {
                    throw new IllegalStateException("not all installed");
                }
                long t1 = System.nanoTime();
                if (p.routes(n).size() != n) {
                    throw new IllegalStateException("routes() lost some");
                }
                long t2 = System.nanoTime();
                st[k] = (t1 - t0) / 1e6;
                rt[k] = (t2 - t1) / 1e6;
            }
            Arrays.sort(st);
            Arrays.sort(rt);
            System.out.printf(Locale.ROOT, "with %d routes: status() %.3f ms, routes(%d) %.3f ms (medians of 41)%n", n, st[20], n, rt[20]);
            p.cleanupAndClose();
            return new double[] {st[20], rt[20]};
        }
    }

    static IpPrefix dst(int i) {
        return IpPrefix.host(IpAddress.v4(0x64400000 + i)); // 100.64.0.0/10
    }

    /** Seconds: add all, and the caller's time in updateLearned; withdraw all, and the caller's time. */
    static double[] muslin(RouteProgrammer p, int n) throws Exception {
        IpAddress gw = IpAddress.parse("10.255.0.2");
        double[] add = feed(p, n, i -> LearnedRoute.of(dst(i), gw));
        check(p, n, n);
        double[] del = feed(p, n, i -> LearnedRoute.withdrawn(dst(i)));
        check(p, 0, 0);
        return new double[] {add[0], add[1], del[0], del[1]};
    }

    /**
     * Hands the changes over as the speaker does — made as they are handed over, BATCH at a time,
     * nothing kept — and waits until the kernel has them all.
     */
    static double[] feed(RouteProgrammer p, int n, java.util.function.IntFunction<LearnedRoute> change) throws Exception {
        long t0 = System.nanoTime();
        long blocked = 0;
        for (int i = 0; i < n; i += BATCH) {
            List<LearnedRoute> b = new ArrayList<>(BATCH);
            for (int j = i; j < Math.min(n, i + BATCH); j++) {
                b.add(change.apply(j));
            }
            long c0 = System.nanoTime();
            p.updateLearned(b);
            blocked += System.nanoTime() - c0;
        }
        ReconcileReport r = p.applyNow();
        double total = (System.nanoTime() - t0) / 1e9;
        if (!r.ok()) {
            throw new IllegalStateException(r.errorCount() + " errors, first: " + r.errors());
        }
        return new double[] {total, blocked / 1e9};
    }

    static void check(RouteProgrammer p, long installed, int expectedInKernel) {
        long have = p.status().totals().installed();
        if (have != installed) {
            throw new IllegalStateException("expected " + installed + " installed, the programmer says " + have);
        }
        String out = sh("sh", "-c", "ip -n " + ns + " route show proto " + PROTO + " | wc -l").trim();
        if (Integer.parseInt(out) != expectedInKernel) {
            throw new IllegalStateException("expected " + expectedInKernel + " routes, the kernel has " + out);
        }
    }

    /** Seconds for one LinuxNetlink batch to add, then to delete, the same N routes (the kernel's floor for us). */
    static double[] raw(LinuxNetlink nl, int veth0, int n) {
        Batch add = new Batch();
        Batch del = new Batch();
        IpAddress gw = IpAddress.parse("10.255.0.2");
        for (int i = 0; i < n; i++) {
            Route r = Route.to(dst(i)).via(gw).dev(veth0).protocol(IP_PROTO).build();
            add.routeAdd(r);
            del.routeDel(r);
        }
        long t0 = System.nanoTime();
        nl.apply(add).throwIfFailed();
        long t1 = System.nanoTime();
        nl.apply(del).throwIfFailed();
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    /** Seconds for `ip -batch` to add, then to delete, the same N routes. */
    static double[] ipBatch(int n) throws Exception {
        double[] t = new double[2];
        String[] verbs = {"add", "del"};
        for (int v = 0; v < 2; v++) {
            Path f = Files.createTempFile("mnl-bench", ".batch");
            try (BufferedWriter w = Files.newBufferedWriter(f)) {
                for (int i = 0; i < n; i++) {
                    w.write("route " + verbs[v] + " " + dst(i) + " via 10.255.0.2 dev veth0 proto " + IP_PROTO + "\n");
                }
            }
            long t0 = System.nanoTime();
            sh("ip", "-n", ns, "-batch", f.toString());
            t[v] = (System.nanoTime() - t0) / 1e9;
            Files.delete(f);
            String out = sh("sh", "-c", "ip -n " + ns + " route show proto " + IP_PROTO + " | wc -l").trim();
            if (Integer.parseInt(out) != (v == 0 ? n : 0)) {
                throw new IllegalStateException("ip -batch " + verbs[v] + ": the kernel has " + out + " routes");
            }
        }
        return t;
    }

    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
        } catch (Exception e) {
            // best effort
        }
    }
}
