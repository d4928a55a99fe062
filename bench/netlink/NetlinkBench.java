import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Route;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.reconcile.Clock;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteReconciler;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Muslin's netlink against `ip -batch`, in one run, inside a scratch namespace (mnl-bench-PID)
 * with a veth (this kernel has no dummy module): add / replace / delete N /32 routes, for each N
 * given, in several rounds that alternate which of the two goes first; medians reported. Each
 * side's time is split: for `ip`, the process start (an empty batch in the same namespace) and the
 * user CPU (reading and parsing the batch file, building the messages) apart from the kernel CPU
 * (its system time: rtnetlink does the work inside the sending process's sendmsg); for Muslin, the
 * building of the Route objects and the batch apart from the apply, whose user and system CPU are
 * the whole JVM's during the apply (all threads, as ip's are all of ip). Then a full resync (dump + diff) of 100k routes, raw and through
 * the RouteReconciler. The last line is one JSON object with the medians and the ratios.
 * Run through bench/netlink/run.sh, as root.
 */
public class NetlinkBench {
    static final int PROTO = 77;
    static final String[] OPS = {"add", "replace", "delete"};
    static String ns;

    /** One measurement: wall time, user and system CPU, and (for ip) the process start, in seconds. */
    record Sample(double wall, double user, double sys, double start) {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? (args[0].equals("none") ? new int[0]
                : Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray())
                : new int[] {100_000, 1_000_000};
        int resyncN = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ns = "mnl-bench-" + ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run("ip", "netns", "del", ns)));
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        sh("ip", "-n", ns, "addr", "add", "10.255.0.1/24", "dev", "veth0");
        sh("ip", "-n", ns, "link", "set", "veth0", "up");
        sh("ip", "-n", ns, "link", "set", "veth1", "up");
        System.out.printf("machine: %d cores, load average at start: %s; %d rounds per size, alternating which goes first%n",
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(), rounds);
        StringBuilder json = new StringBuilder("{\"bench\":\"netlink\",\"anchor\":\"ip -batch\",\"rounds\":" + rounds + ",\"sizes\":[");
        try (LinuxNetlink nl = LinuxNetlink.openIn(ns)) {
            int veth0 = nl.linkByName("veth0").orElseThrow().index();
            // Warm the JIT on 20k routes (not reported): the agent is a long-running process.
            muslin(nl, veth0, 20_000, false);
            for (int si = 0; si < sizes.length; si++) {
                int n = sizes[si];
                List<List<Sample>> ip = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                List<List<Sample>> mu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                List<Double> build = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    if (r % 2 == 0) {
                        add(ip, ipBatch(n));
                        add(mu, muslin(nl, veth0, n, true));
                    } else {
                        add(mu, muslin(nl, veth0, n, true));
                        add(ip, ipBatch(n));
                    }
                    build.add(lastBuild);
                }
                System.out.println();
                System.out.printf("%d routes, medians of %d rounds (wall = what a caller waits; user = parse/encode; sys = kernel):%n", n, rounds);
                System.out.printf("  %-8s %28s %30s %10s %12s%n", "op", "ip -batch wall (start,user,sys)", "muslin apply wall (user,sys)",
                        "wall ratio", "kernel ratio");
                json.append(si == 0 ? "" : ",").append("{\"routes\":").append(n)
                        .append(String.format(",\"muslin_build_s\":%.3f", median(build)));
                for (int o = 0; o < 3; o++) {
                    double ipWall = median(ip.get(o), Sample::wall);
                    double ipStart = median(ip.get(o), Sample::start);
                    double ipUser = median(ip.get(o), Sample::user);
                    double ipSys = median(ip.get(o), Sample::sys);
                    double muWall = median(mu.get(o), Sample::wall);
                    double muUser = median(mu.get(o), Sample::user);
                    double muSys = median(mu.get(o), Sample::sys);
                    System.out.printf("  %-8s %8.3f s (%.3f,%.2f,%.2f) %17.3f s (%.2f,%.2f) %9.2fx %11.2fx%n", OPS[o], ipWall, ipStart,
                            ipUser, ipSys, muWall, muUser, muSys, muWall / ipWall, muSys / ipSys);
                    json.append(String.format(",\"%s\":{\"ip_wall_s\":%.4f,\"ip_process_start_s\":%.4f,\"ip_user_s\":%.3f,"
                                    + "\"ip_sys_s\":%.3f,\"muslin_wall_s\":%.4f,\"muslin_user_s\":%.3f,\"muslin_sys_s\":%.3f,"
                                    + "\"wall_ratio_muslin_to_ip\":%.3f,\"wall_ratio_without_ip_start\":%.3f,\"sys_ratio_muslin_to_ip\":%.3f}",
                            OPS[o], ipWall, ipStart, ipUser, ipSys, muWall, muUser, muSys, muWall / ipWall, muWall / (ipWall - ipStart),
                            muSys / ipSys));
                }
                json.append('}');
                System.out.printf("  muslin building the %d routes and the three batches (not in the apply time): median %.3f s%n", n, median(build));
            }
            json.append(']');
            resync(nl, veth0, resyncN, json);
        }
        System.out.printf("load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println(json.append('}'));
    }

    static void add(List<List<Sample>> into, Sample[] s) {
        for (int i = 0; i < 3; i++) {
            into.get(i).add(s[i]);
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double median(List<Sample> xs, java.util.function.ToDoubleFunction<Sample> f) {
        return median(xs.stream().map(f::applyAsDouble).toList());
    }

    static IpPrefix dst(int i) {
        return IpPrefix.host(IpAddress.v4(0x64400000 + i)); // 100.64.0.0/10
    }

    /** ip -batch for add, replace and delete; each timed whole, with its CPU split and an empty batch's start time. */
    static Sample[] ipBatch(int n) throws Exception {
        Sample[] t = new Sample[3];
        String[] verbs = {"add", "replace", "del"};
        String[] gws = {"10.255.0.2", "10.255.0.3", "10.255.0.3"};
        Path empty = Files.createTempFile("mnl-bench", ".empty");
        for (int v = 0; v < 3; v++) {
            Path f = Files.createTempFile("mnl-bench", ".batch");
            try (BufferedWriter w = Files.newBufferedWriter(f)) {
                for (int i = 0; i < n; i++) {
                    w.write("route " + verbs[v] + " " + dst(i) + " via " + gws[v] + " dev veth0 proto " + PROTO + "\n");
                }
            }
            double start = timedIp(empty)[0];
            double[] r = timedIp(f);
            t[v] = new Sample(r[0], r[1], r[2], start);
            Files.delete(f);
            if (v == 0) {
                check(n);
            }
        }
        Files.delete(empty);
        check(0);
        return t;
    }

    /**
     * Runs {@code ip -n NS -batch FILE} under a shell that, once ip has exited, prints its own
     * children's user and system CPU (fields 16 and 17 of /proc/self/stat, in clock ticks of 10 ms).
     * Returns wall seconds, ip's user CPU seconds, ip's system CPU seconds.
     */
    static double[] timedIp(Path batch) {
        long t0 = System.nanoTime();
        String out = sh("sh", "-c", "ip -n " + ns + " -batch " + batch + " && read -r s < /proc/$$/stat && echo \"$s\"");
        double wall = (System.nanoTime() - t0) / 1e9;
        String stat = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the ")": field 3 is f[0], so field k is f[k - 3].
        return new double[] {wall, Long.parseLong(f[16 - 3]) / 100.0, Long.parseLong(f[17 - 3]) / 100.0};
    }

    static double lastBuild;

    /**
     * This JVM's user and system CPU seconds so far, all threads (GC and JIT included, as ip's
     * figures include all of ip): fields 14 and 15 of /proc/self/stat, in clock ticks of 10 ms.
     */
    static double[] processCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[] {Long.parseLong(f[14 - 3]) / 100.0, Long.parseLong(f[15 - 3]) / 100.0};
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Muslin: builds the three batches (timed apart, in lastBuild), then applies each, timed with this thread's CPU. */
    static Sample[] muslin(LinuxNetlink nl, int veth0, int n, boolean verify) {
        Sample[] t = new Sample[3];
        long b0 = System.nanoTime();
        IpAddress gw1 = IpAddress.parse("10.255.0.2");
        IpAddress gw2 = IpAddress.parse("10.255.0.3");
        Batch add = new Batch();
        Batch rep = new Batch();
        Batch del = new Batch();
        for (int i = 0; i < n; i++) {
            add.routeAdd(Route.to(dst(i)).via(gw1).dev(veth0).protocol(PROTO).build());
            rep.routeReplace(Route.to(dst(i)).via(gw2).dev(veth0).protocol(PROTO).build());
            del.routeDel(Route.to(dst(i)).via(gw2).dev(veth0).protocol(PROTO).build());
        }
        lastBuild = (System.nanoTime() - b0) / 1e9;
        Batch[] batches = {add, rep, del};
        for (int v = 0; v < 3; v++) {
            double[] cpu0 = processCpu();
            long t0 = System.nanoTime();
            BatchResult r = nl.apply(batches[v]);
            double wall = (System.nanoTime() - t0) / 1e9;
            double[] cpu1 = processCpu();
            t[v] = new Sample(wall, cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], 0);
            if (!r.ok()) {
                throw new IllegalStateException(r.failures().size() + " failures, first: " + r.failures().getFirst());
            }
            if (verify && v == 0) {
                check(n);
            }
        }
        if (verify) {
            check(0);
        }
        return t;
    }

    static void check(int expected) {
        String out = sh("sh", "-c", "ip -n " + ns + " route show proto " + PROTO + " | wc -l").trim();
        if (Integer.parseInt(out) != expected) {
            throw new IllegalStateException("expected " + expected + " routes, the kernel has " + out);
        }
    }

    static void resync(LinuxNetlink nl, int veth0, int n, StringBuilder json) throws Exception {
        IpAddress gw = IpAddress.parse("10.255.0.2");
        Map<Route.Key, Route> desired = new HashMap<>(n * 2);
        Batch add = new Batch();
        List<LearnedRoute> learned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Route r = Route.to(dst(i)).via(gw).dev(veth0).protocol(PROTO).build();
            desired.put(r.key(), r);
            add.routeAdd(r);
            learned.add(new LearnedRoute(dst(i), List.of(gw)));
        }
        nl.apply(add).throwIfFailed();
        // The reconciler: re-reading the kernel (routes, links, addresses, neighbours), planning
        // 100k learned routes and diffing, with nothing to write.
        Intent intent = new Intent(IpAddress.parse("10.255.0.1"), List.of(Pool.hostGw("100.64.0.0/10")), List.of(), learned, null);
        PlannerConfig cfg = new PlannerConfig(PROTO, 254, "tunl0", "vxlan.muslin", 4096, 4789);
        RouteReconciler rec = new RouteReconciler(nl, cfg, Clock.SYSTEM, 3_600_000);
        ReconcileReport first = rec.apply(intent);
        if (first.writes() != 0 || !first.ok()) {
            throw new IllegalStateException("reconciler should find nothing to do: " + first);
        }
        // Round by round, so the three see the same load: Muslin's raw dump and a diff against the
        // desired map, the peer anchor (iproute2 dumping and printing the same table), the reconciler.
        double[] raw = new double[25];
        double[] ipShow = new double[25];
        double[] full = new double[25];
        for (int k = 0; k < raw.length; k++) {
            long t0 = System.nanoTime();
            List<Route> kernel = nl.routeList(IpAddress.AF_INET);
            int same = 0;
            int extra = 0;
            for (Route r : kernel) {
                if (r.protocol() != PROTO) {
                    continue;
                }
                Route want = desired.get(r.key());
                if (want != null && Objects.equals(want.gateway(), r.gateway()) && want.oif() == r.oif()) {
                    same++;
                } else {
                    extra++;
                }
            }
            raw[k] = (System.nanoTime() - t0) / 1e6;
            if (same != n || extra != 0) {
                throw new IllegalStateException("diff found " + same + " same, " + extra + " extra");
            }
            t0 = System.nanoTime();
            sh("sh", "-c", "ip -n " + ns + " route show proto " + PROTO + " >/dev/null");
            ipShow[k] = (System.nanoTime() - t0) / 1e6;
            rec.requestResync();
            t0 = System.nanoTime();
            ReconcileReport r = rec.apply(intent);
            full[k] = (System.nanoTime() - t0) / 1e6;
            if (r.writes() != 0 || !r.resynced()) {
                throw new IllegalStateException("unexpected writes: " + r);
            }
        }
        System.out.println();
        System.out.printf("resync of %d routes (first 5 runs are warm-up; median / min / max of the last 20):%n", n);
        System.out.printf("  muslin dump + diff        %s%n", stats(raw));
        System.out.printf("  muslin RouteReconciler    %s   (dump routes/links/addrs/neigh + plan + diff, 0 writes)%n", stats(full));
        System.out.printf("  ip route show (dump only) %s%n", stats(ipShow));
        double[] rawLast = Arrays.copyOfRange(raw, 5, raw.length);
        double[] fullLast = Arrays.copyOfRange(full, 5, full.length);
        Arrays.sort(rawLast);
        Arrays.sort(fullLast);
        double[] ipSorted = Arrays.copyOfRange(ipShow, 5, ipShow.length);
        Arrays.sort(ipSorted);
        json.append(String.format(",\"resync\":{\"routes\":%d,\"muslin_dump_diff_ms\":%.1f,\"muslin_reconciler_ms\":%.1f,"
                        + "\"ip_route_show_ms\":%.1f,\"dump_ratio_muslin_to_ip\":%.3f,\"reconciler_ratio_to_ip\":%.3f,\"target_ms\":100}", n,
                rawLast[rawLast.length / 2], fullLast[fullLast.length / 2], ipSorted[ipSorted.length / 2],
                rawLast[rawLast.length / 2] / ipSorted[ipSorted.length / 2], fullLast[fullLast.length / 2] / ipSorted[ipSorted.length / 2]));
        nl.apply(delAll(n, veth0)).throwIfFailed();
    }

    static Batch delAll(int n, int veth0) {
        Batch b = new Batch();
        for (int i = 0; i < n; i++) {
            b.routeDel(Route.to(dst(i)).protocol(PROTO).build());
        }
        return b;
    }

    static String stats(double[] ms) {
        double[] m = Arrays.copyOfRange(ms, 5, ms.length);
        Arrays.sort(m);
        return String.format("%7.1f ms / %7.1f ms / %7.1f ms", m[m.length / 2], m[0], m[m.length - 1]);
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
