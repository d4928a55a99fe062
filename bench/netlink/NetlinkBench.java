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
 * given; then a full resync (dump + diff) of 100k routes, raw and through the RouteReconciler.
 * Run through bench/netlink/run.sh, as root.
 */
public class NetlinkBench {
    static final int PROTO = 77;
    static String ns;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? (args[0].equals("none") ? new int[0]
                : Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray())
                : new int[] {100_000, 1_000_000};
        int resyncN = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        ns = "mnl-bench-" + ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run("ip", "netns", "del", ns)));
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        sh("ip", "-n", ns, "addr", "add", "10.255.0.1/24", "dev", "veth0");
        sh("ip", "-n", ns, "link", "set", "veth0", "up");
        sh("ip", "-n", ns, "link", "set", "veth1", "up");
        System.out.printf("machine: %d cores, load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        try (LinuxNetlink nl = LinuxNetlink.openIn(ns)) {
            int veth0 = nl.linkByName("veth0").orElseThrow().index();
            // Warm the JIT on 20k routes (not reported).
            muslin(nl, veth0, 20_000, false);
            System.out.println();
            System.out.printf("%-9s %-8s %12s %12s %9s %14s %14s%n", "routes", "op", "ip -batch", "muslin", "ratio",
                    "ip routes/s", "muslin routes/s");
            for (int n : sizes) {
                double[] ip = ipBatch(n);
                double[] mu = muslin(nl, veth0, n, true);
                String[] ops = {"add", "replace", "delete"};
                for (int i = 0; i < 3; i++) {
                    System.out.printf("%-9d %-8s %10.3f s %10.3f s %8.2fx %14.0f %14.0f%n", n, ops[i], ip[i], mu[i],
                            ip[i] / mu[i], n / ip[i], n / mu[i]);
                }
            }
            resync(nl, veth0, resyncN);
        }
        System.out.printf("load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static IpPrefix dst(int i) {
        return IpPrefix.host(IpAddress.v4(0x64400000 + i)); // 100.64.0.0/10
    }

    static double[] ipBatch(int n) throws Exception {
        double[] t = new double[3];
        String[] verbs = {"add", "replace", "del"};
        String[] gws = {"10.255.0.2", "10.255.0.3", "10.255.0.3"};
        for (int v = 0; v < 3; v++) {
            Path f = Files.createTempFile("mnl-bench", ".batch");
            try (BufferedWriter w = Files.newBufferedWriter(f)) {
                for (int i = 0; i < n; i++) {
                    w.write("route " + verbs[v] + " " + dst(i) + " via " + gws[v] + " dev veth0 proto " + PROTO + "\n");
                }
            }
            long t0 = System.nanoTime();
            sh("ip", "-n", ns, "-batch", f.toString());
            t[v] = (System.nanoTime() - t0) / 1e9;
            Files.delete(f);
        }
        check(0);
        return t;
    }

    static double[] muslin(LinuxNetlink nl, int veth0, int n, boolean verify) {
        double[] t = new double[3];
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
        Batch[] batches = {add, rep, del};
        for (int v = 0; v < 3; v++) {
            long t0 = System.nanoTime();
            BatchResult r = nl.apply(batches[v]);
            t[v] = (System.nanoTime() - t0) / 1e9;
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

    static void resync(LinuxNetlink nl, int veth0, int n) throws Exception {
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
        // Raw: one dump of the FIB and a diff against the desired map.
        double[] raw = new double[15];
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
        }
        // Peer anchor: iproute2 dumping and printing the same table.
        double[] ipShow = new double[5];
        for (int k = 0; k < ipShow.length; k++) {
            long t0 = System.nanoTime();
            sh("sh", "-c", "ip -n " + ns + " route show proto " + PROTO + " >/dev/null");
            ipShow[k] = (System.nanoTime() - t0) / 1e6;
        }
        // Full: the RouteReconciler re-reading the kernel (routes, links, addresses, neighbours),
        // planning 100k learned routes and diffing, with nothing to write.
        Intent intent = new Intent(IpAddress.parse("10.255.0.1"), List.of(Pool.hostGw("100.64.0.0/10")), List.of(), learned, null);
        PlannerConfig cfg = new PlannerConfig(PROTO, 254, "tunl0", "vxlan.muslin", 4096, 4789);
        RouteReconciler rec = new RouteReconciler(nl, cfg, Clock.SYSTEM, 3_600_000);
        ReconcileReport first = rec.apply(intent);
        if (first.writes() != 0 || !first.ok()) {
            throw new IllegalStateException("reconciler should find nothing to do: " + first);
        }
        double[] full = new double[15];
        for (int k = 0; k < full.length; k++) {
            rec.requestResync();
            long t0 = System.nanoTime();
            ReconcileReport r = rec.apply(intent);
            full[k] = (System.nanoTime() - t0) / 1e6;
            if (r.writes() != 0 || !r.resynced()) {
                throw new IllegalStateException("unexpected writes: " + r);
            }
        }
        System.out.println();
        System.out.printf("resync of %d routes (first 5 runs are warm-up; median / min / max of the last 10):%n", n);
        System.out.printf("  muslin dump + diff        %s%n", stats(raw));
        System.out.printf("  muslin RouteReconciler    %s   (dump routes/links/addrs/neigh + plan + diff, 0 writes)%n", stats(full));
        System.out.printf("  ip route show (dump only) %s   (all 5 runs)%n", statsAll(ipShow));
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

    static String statsAll(double[] ms) {
        double[] m = ms.clone();
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
