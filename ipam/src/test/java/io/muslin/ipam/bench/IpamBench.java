package io.muslin.ipam.bench;

import io.muslin.datastore.Compare;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Address assignments per second against a real etcd, beside the raw rate of single-key
 * compare-and-swap transactions measured on the same etcd in the same run, rounds interleaved.
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
        try (EtcdProcess etcd = EtcdProcess.start(tmpfs);
             EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()))) {
            System.out.printf("etcd %s, data in %s (%s), %d s per measurement, %d rounds, interleaved%n",
                    etcd.endpoint(), etcd.dataDir(), tmpfs ? "tmpfs" : "disk", seconds, rounds);
            int run = 0;
            for (int c : clients) {
                // Warm-up of both paths (JIT, connections, first blocks).
                raw(store, c, 3, "warm" + c);
                ipam(store, c, 3, "/warm" + c + "/", run++);
                double[] rawRates = new double[rounds];
                double[] ipamRates = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    rawRates[r] = raw(store, c, seconds, "r" + c + "-" + r);
                    ipamRates[r] = ipam(store, c, seconds, "/b" + c + "-" + r + "/", run++);
                }
                double rawMed = median(rawRates);
                double ipamMed = median(ipamRates);
                double[] pairs = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    pairs[r] = 100 * ipamRates[r] / rawRates[r];
                }
                System.out.printf("clients=%d  raw single-key txn: %.0f/s %s  ipam assignments: %.0f/s %s  ratio of medians: %.0f%%"
                        + "  (per round %s%%)%n", c, rawMed, fmt(rawRates), ipamMed, fmt(ipamRates), 100 * ipamMed / rawMed, fmt(pairs));
            }
        }
    }

    /** Single-key transactions: compare the key's revision, put a 200-byte value; one key per client. */
    static double raw(EtcdDatastore store, int clients, int seconds, String tag) throws InterruptedException {
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
    static double ipam(EtcdDatastore store, int clients, int seconds, String root, int run) throws InterruptedException {
        IpamOptions opts = IpamOptions.defaults().withRoot(root).withSettingsTtl(Duration.ofSeconds(60));
        new Ipam(store, opts).createPool(IPPool.of("bench", "10." + (run % 250) + ".0.0/16", 26));
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            String node = "node-" + t;
            Ipam ipam = new Ipam(store, opts);
            threads.add(Thread.ofPlatform().start(() -> {
                long i = 0;
                while (!stop.get()) {
                    ipam.autoAssign(AssignRequest.ipv4(node + "-ctr-" + i++, node, Map.of("pod", "p" + i, "namespace", "bench")));
                    done.incrementAndGet();
                }
            }));
        }
        return timed(done, stop, threads, seconds);
    }

    private static double timed(AtomicLong done, AtomicBoolean stop, List<Thread> threads, int seconds)
            throws InterruptedException {
        Thread.sleep(200);
        long n0 = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n1 = done.get();
        long t1 = System.nanoTime();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return (n1 - n0) / ((t1 - t0) / 1e9);
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
