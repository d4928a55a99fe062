package io.muslin.ipam.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.PutOption;
import io.muslin.datastore.Compare;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ForwardingDatastore;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.Op;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.ipam.AssignRequest;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import io.muslin.testing.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Address assignments per second against a real etcd, beside the raw rate of single-key
 * compare-and-swap transactions measured on the same etcd in the same run, rounds interleaved
 * (each round starts with another of the three measurements).
 * The raw anchor talks to etcd through jetcd directly (its own client, none of our datastore
 * layer); the same transactions through our {@code EtcdDatastore} are reported beside it, so the
 * layer's own cost shows. The last line printed is one JSON object with the medians and ratios.
 * Arguments (all optional): {@code --clients N,M,..} {@code --seconds S} {@code --rounds R}
 * {@code --tmpfs} (etcd data on /dev/shm instead of disk).
 */
public final class IpamBench {
    private IpamBench() {}

    public static void main(String[] args) throws Exception {
        int[] clients = {1, 8};
        int seconds = 5;
        int rounds = 3;
        boolean tmpfs = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tmpfs" -> tmpfs = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (EtcdProcess.findBinary().isEmpty()) {
            System.err.println("etcd not installed (Debian package etcd-server)");
            System.exit(2);
        }
        StringBuilder json = new StringBuilder();
        try (EtcdProcess etcd = EtcdProcess.start(tmpfs);
             Client jetcd = Client.builder().endpoints(etcd.endpoint()).build();
             EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()))) {
            etcdPid = etcd.pid();
            System.out.printf("etcd %s, data in %s (%s), %d s per measurement, %d rounds, interleaved%n",
                    etcd.endpoint(), etcd.dataDir(), tmpfs ? "tmpfs" : "disk", seconds, rounds);
            json.append(String.format("{\"bench\":\"ipam\",\"anchor\":\"single-key compare-and-swap txn through jetcd\","
                    + "\"etcd_data\":\"%s\",\"seconds\":%d,\"rounds\":%d,\"clients\":[", tmpfs ? "tmpfs" : "disk", seconds, rounds));
            int run = 0;
            for (int ci = 0; ci < clients.length; ci++) {
                int c = clients[ci];
                // Warm-up of every path (JIT, connections, first blocks).
                raw(jetcd.getKVClient(), c, 3, "warm" + c);
                layered(store, c, 3, "warmd" + c);
                ipam(store, c, 3, "/warm" + c + "/", run++);
                double[] rawRates = new double[rounds];
                double[] layerRates = new double[rounds];
                double[] ipamRates = new double[rounds];
                double[] trips = new double[rounds];
                double[][] cpu = new double[4][rounds]; // raw client, raw etcd, ipam client, ipam etcd (µs per operation)
                for (int r = 0; r < rounds; r++) {
                    // Each round starts with another of the three, so none always runs first (or last).
                    for (int k = 0; k < 3; k++) {
                        switch ((r + k) % 3) {
                            case 0 -> {
                                rawRates[r] = raw(jetcd.getKVClient(), c, seconds, "r" + c + "-" + r);
                                cpu[0][r] = lastClientCpuMicros;
                                cpu[1][r] = lastEtcdCpuMicros;
                            }
                            case 1 -> {
                                ipamRates[r] = ipam(store, c, seconds, "/b" + c + "-" + r + "/", run++);
                                cpu[2][r] = lastClientCpuMicros;
                                cpu[3][r] = lastEtcdCpuMicros;
                                trips[r] = lastTripsPerAssignment;
                                System.out.printf("  clients=%d round %d ipam: %s%n", c, r, lastTrips);
                            }
                            default -> layerRates[r] = layered(store, c, seconds, "d" + c + "-" + r);
                        }
                    }
                }
                double rawMed = median(rawRates);
                double layerMed = median(layerRates);
                double ipamMed = median(ipamRates);
                double[] pairs = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    pairs[r] = 100 * ipamRates[r] / rawRates[r];
                }
                System.out.printf("clients=%d  raw txn (jetcd): %.0f/s %s  same txn through EtcdDatastore: %.0f/s %s"
                        + "  ipam assignments: %.0f/s %s  assignments/raw: %.0f%%  (per round %s%%)%n", c, rawMed, fmt(rawRates),
                        layerMed, fmt(layerRates), ipamMed, fmt(ipamRates), 100 * ipamMed / rawMed, fmt(pairs));
                System.out.printf("clients=%d  CPU per operation (medians, µs): raw txn: client %.0f, etcd %.0f;"
                                + "  assignment: client %.0f, etcd %.0f%n", c, median(cpu[0]), median(cpu[1]), median(cpu[2]),
                        median(cpu[3]));
                json.append(String.format("%s{\"clients\":%d,\"raw_jetcd_txn_per_s\":%.0f,\"datastore_txn_per_s\":%.0f,"
                                + "\"ipam_assign_per_s\":%.0f,\"ratio_ipam_to_raw\":%.3f,\"ratio_datastore_to_raw\":%.3f,"
                                + "\"round_trips_per_assignment\":%.3f,\"raw_client_cpu_us\":%.0f,\"raw_etcd_cpu_us\":%.0f,"
                                + "\"ipam_client_cpu_us\":%.0f,\"ipam_etcd_cpu_us\":%.0f}",
                        ci == 0 ? "" : ",", c, rawMed, layerMed, ipamMed, ipamMed / rawMed, layerMed / rawMed, median(trips),
                        median(cpu[0]), median(cpu[1]), median(cpu[2]), median(cpu[3])));
            }
        }
        System.out.println(json.append("]}"));
    }

    /** Single-key transactions through jetcd itself: compare the key's revision, put a 200-byte value; one key per client. */
    static double raw(KV kv, int clients, int seconds, String tag) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ByteSequence value = ByteSequence.from(new byte[Integer.getInteger("bench.rawBytes", 200)]);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            ByteSequence key = ByteSequence.from("/bench/raw/" + tag + "/" + t, StandardCharsets.UTF_8);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    long rev = kv.put(key, value).get().getHeader().getRevision();
                    while (!stop.get()) {
                        TxnResponse r = kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                                .Then(io.etcd.jetcd.op.Op.put(key, value, PutOption.DEFAULT)).commit().get();
                        if (!r.isSucceeded()) {
                            throw new IllegalStateException("raw txn conflict on own key");
                        }
                        rev = r.getHeader().getRevision();
                        done.incrementAndGet();
                    }
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return timed(done, stop, threads, seconds);
    }

    /** The raw transactions through our datastore layer ({@code EtcdDatastore}), for the layer's own cost. */
    static double layered(EtcdDatastore store, int clients, int seconds, String tag) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] value = new byte[Integer.getInteger("bench.rawBytes", 200)];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            String key = "/bench/raw/" + tag + "/" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                long rev = store.create(key, value);
                while (!stop.get()) {
                    TxnResult r = store.commit(Txn.builder().when(Compare.modRevision(key, rev)).then(Op.put(key, value)).build());
                    if (!r.succeeded()) {
                        throw new IllegalStateException("raw txn conflict on own key");
                    }
                    rev = r.revision();
                    done.incrementAndGet();
                }
            }));
        }
        return timed(done, stop, threads, seconds);
    }

    /** Pod address assignments: one allocator per node, a fresh handle per address, /26 blocks. */
    /** Store calls of the last {@link #ipam} measurement per assignment (every call, the warm-up of each window included). */
    static double lastTripsPerAssignment;
    static String lastTrips = "";

    static double ipam(EtcdDatastore store, int clients, int seconds, String root, int run) throws InterruptedException {
        IpamOptions opts = IpamOptions.defaults().withRoot(root).withSettingsTtl(Duration.ofSeconds(60));
        new Ipam(store, opts).createPool(IPPool.of("bench", "10." + (run % 250) + ".0.0/16", 26));
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong txns = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        // Every round trip the allocators make, counted on the way to etcd.
        Datastore counted = new ForwardingDatastore(store) {
            @Override
            public Optional<KeyValue> get(String key) {
                reads.incrementAndGet();
                return super.get(key);
            }

            @Override
            public ListResult list(String prefix) {
                reads.incrementAndGet();
                return super.list(prefix);
            }

            @Override
            public List<String> keys(String prefix) {
                reads.incrementAndGet();
                return super.keys(prefix);
            }

            @Override
            public long revision() {
                reads.incrementAndGet();
                return super.revision();
            }

            @Override
            public TxnResult commit(Txn txn) {
                txns.incrementAndGet();
                return super.commit(txn);
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            String node = "node-" + t;
            Ipam ipam = new Ipam(counted, opts);
            threads.add(Thread.ofPlatform().start(() -> {
                long i = 0;
                while (!stop.get()) {
                    ipam.autoAssign(AssignRequest.ipv4(node + "-ctr-" + i++, node, Map.of("pod", "p" + i, "namespace", "bench")));
                    done.incrementAndGet();
                }
            }));
        }
        double rate = timed(done, stop, threads, seconds);
        lastTripsPerAssignment = (txns.get() + reads.get()) / (double) Math.max(1, done.get());
        lastTrips = String.format("%.3f round trips per assignment (%.3f txn + %.3f reads)", lastTripsPerAssignment,
                txns.get() / (double) Math.max(1, done.get()), reads.get() / (double) Math.max(1, done.get()));
        return rate;
    }

    private static double timed(AtomicLong done, AtomicBoolean stop, List<Thread> threads, int seconds)
            throws InterruptedException {
        Thread.sleep(200);
        long n0 = done.get();
        long t0 = System.nanoTime();
        long client0 = clientCpuNanos();
        long etcd0 = etcdCpuNanos();
        java.util.Map<String, Long> th0 = DEBUG ? threadTicks() : null;
        Thread.sleep(seconds * 1000L);
        if (DEBUG) {
            java.util.Map<String, Long> th1 = threadTicks();
            long opsD = Math.max(1, done.get() - n0);
            StringBuilder sb = new StringBuilder("    threads µs/op:");
            th1.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue() - th0.getOrDefault(b.getKey(), 0L), a.getValue() - th0.getOrDefault(a.getKey(), 0L)))
                    .limit(8).forEach(e -> sb.append(String.format(" %s=%.0f", e.getKey(), (e.getValue() - th0.getOrDefault(e.getKey(), 0L)) * 1e4 / opsD)));
            System.out.println(sb);
        }
        long n1 = done.get();
        long t1 = System.nanoTime();
        long ops = Math.max(1, n1 - n0);
        lastClientCpuMicros = (clientCpuNanos() - client0) / 1e3 / ops;
        lastEtcdCpuMicros = (etcdCpuNanos() - etcd0) / 1e3 / ops;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return (n1 - n0) / ((t1 - t0) / 1e9);
    }

    /** CPU per operation of the last {@link #timed} window: this JVM (every thread) and etcd, in microseconds. */
    static double lastClientCpuMicros;
    static double lastEtcdCpuMicros;
    static long etcdPid;
    static final boolean DEBUG = Boolean.getBoolean("ipam.bench.threads");

    /** CPU ticks by thread name (threads of one name summed). */
    private static java.util.Map<String, Long> threadTicks() {
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path d : dirs.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(d.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // thread gone
                }
            }
        } catch (java.io.IOException e) {
            return m;
        }
        return m;
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** etcd's user + system time from /proc (10 ms ticks), in nanoseconds. */
    private static long etcdCpuNanos() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + etcdPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(Math.round(v[i]));
        }
        return sb.append(")").toString();
    }
}
