package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPPool;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.EtcdProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency proof: 24 allocators — 16 threads here and 4 separate JVMs with 2 threads each,
 * two allocators per node on 12 nodes — assign 10,000 addresses from /28 blocks against one real
 * etcd. Checks: no address twice, every reported address stored under its handle and nothing else
 * stored, every block with exactly one (confirmed) owner, the consistency check clean, and a watch
 * on the whole key space that reproduces the final state exactly (no lost, no repeated event). The
 * second test does the same while etcd is restarted and then killed (SIGKILL) in the middle.
 */
class IpamConcurrencyTest {
    static final int TOTAL = Integer.getInteger("muslin.ipam.concurrency.total", 10_000);
    static final int THREADS = 16;
    static final int JVMS = 4;
    static final int THREADS_PER_JVM = 2;
    static final int NODES = 12;

    @TempDir
    Path tmp;
    @RegisterExtension
    final EtcdFixture fixture = EtcdFixture.onTmpfs();
    EtcdProcess etcd;
    EtcdDatastore store;

    @BeforeEach
    void start() {
        etcd = fixture.process();
        store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void twentyFourAllocatorsInThreadsAndJvmsNeverCollide() throws Exception {
        run(TOTAL, false);
    }

    @Test
    void nothingDuplicatedOrLostWhileEtcdRestartsAndCrashes() throws Exception {
        run(TOTAL, true);
    }

    private void run(int total, boolean disrupt) throws Exception {
        String root = "/load/";
        IpamOptions opts = IpamOptions.defaults().withRoot(root).withSettingsTtl(Duration.ofSeconds(30))
                .withOutageDeadline(Duration.ofSeconds(60));
        StateFromWatch fromWatch = new StateFromWatch();
        Watch watch = store.watch(root, store.revision() + 1, fromWatch);
        Ipam admin = new Ipam(store, opts);
        admin.createPool(IPPool.of("load", "10.200.0.0/16", 28));

        int allocators = THREADS + JVMS * THREADS_PER_JVM;
        int[] counts = new int[allocators];
        for (int i = 0; i < allocators; i++) {
            counts[i] = total / allocators + (i < total % allocators ? 1 : 0);
        }
        List<String> inProcess = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger progress = new AtomicInteger();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

        // Separate JVMs first (they take a moment to start).
        List<Process> jvms = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int j = 0; j < JVMS; j++) {
            Path out = tmp.resolve("jvm-" + j + ".txt");
            outputs.add(out);
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    AllocatorMain.class.getName(), etcd.endpoint(), root, out.toString()));
            for (int t = 0; t < THREADS_PER_JVM; t++) {
                int k = THREADS + j * THREADS_PER_JVM + t;
                cmd.add("jvm" + j + "t" + t + ":node-" + (k % NODES) + ":" + counts[k]);
            }
            jvms.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("jvm-" + j + ".log").toFile()).start());
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int k = t;
            Ipam own = new Ipam(store, opts);
            threads.add(Thread.ofPlatform().name("allocator-" + t).start(() -> {
                try {
                    String node = "node-" + (k % NODES);
                    for (int i = 0; i < counts[k]; i++) {
                        String handle = "t" + k + "-" + i;
                        inProcess.add(handle + " " + String.valueOf(AllocatorMain.assignOnce(own, handle, node)));
                        progress.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        int inProcessTotal = Arrays.stream(counts, 0, THREADS).sum();
        if (disrupt) {
            awaitProgress(progress, inProcessTotal / 3);
            etcd.restart();
            awaitProgress(progress, inProcessTotal * 2 / 3);
            etcd.kill();
            Thread.sleep(500);
            etcd.startAgain();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(10));
        }
        for (int j = 0; j < JVMS; j++) {
            Process p = jvms.get(j);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("allocator JVM %d: %s", j, log(tmp.resolve("jvm-" + j + ".log"))).isZero();
        }
        assertThat(errors).as("allocator thread errors").isEmpty();

        // What the allocators were told.
        Map<String, String> reported = new HashMap<>();
        List<String> lines = new ArrayList<>(inProcess);
        for (Path out : outputs) {
            List<String> l = Files.readAllLines(out);
            assertThat(l.getLast()).isEqualTo("DONE");
            lines.addAll(l.subList(0, l.size() - 1));
        }
        for (String line : lines) {
            String[] hv = line.split(" ");
            assertThat(reported.put(hv[0], hv[1])).as("handle %s reported once", hv[0]).isNull();
        }
        assertThat(reported).hasSize(total);
        Set<String> distinct = new HashSet<>(reported.values());
        assertThat(distinct).as("no address handed out twice").hasSize(total);

        // What the store holds: exactly that, nothing lost, nothing extra.
        Map<String, String> stored = new HashMap<>();
        for (Allocation a : admin.allocations()) {
            assertThat(stored.put(a.handleId(), String.valueOf(a.address()))).as("handle %s stored once", a.handleId()).isNull();
        }
        assertThat(stored).isEqualTo(reported);

        // Every block exactly one owner, with exactly one affinity, confirmed, of that owner.
        UsageReport usage = admin.usage();
        Map<String, List<BlockAffinity>> affinities = admin.affinities().stream()
                .collect(Collectors.groupingBy(a -> a.spec().cidr()));
        for (UsageReport.BlockUsage b : usage.blocks()) {
            assertThat(b.owner()).as("owner of %s", b.cidr()).isNotNull();
            assertThat(affinities.get(b.cidr())).as("affinities of %s", b.cidr()).singleElement().satisfies(a -> {
                assertThat(a.spec().node()).isEqualTo(b.owner());
                assertThat(a.spec().state()).isEqualTo(BlockAffinity.CONFIRMED);
            });
        }
        assertThat(affinities.keySet()).hasSameSizeAs(usage.blocks());
        ConsistencyReport report = admin.checkConsistency();
        assertThat(report.problems()).as(report.toText()).isEmpty();
        assertThat(report.allocations()).isEqualTo(total);

        // The watch saw every change once and ends in the same state.
        long finalRev = store.revision();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (watch.lastRevision() < finalRev && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watch.close();
        assertThat(fromWatch.repeats).as("repeated events").isEmpty();
        Map<String, Long> expected = new TreeMap<>();
        for (KeyValue kv : store.list(root).items()) {
            expected.put(kv.key(), kv.modRevision());
        }
        List<String> diff = new ArrayList<>();
        for (String k : expected.keySet()) {
            if (!expected.get(k).equals(fromWatch.state.get(k))) {
                diff.add(k + " store@" + expected.get(k) + " watch@" + fromWatch.state.get(k));
            }
        }
        for (String k : fromWatch.state.keySet()) {
            if (!expected.containsKey(k)) {
                diff.add(k + " only in watch @" + fromWatch.state.get(k));
            }
        }
        assertThat(diff).as("state rebuilt from the watch (last delivered %d, store %d)", watch.lastRevision(), finalRev)
                .isEmpty();
        assertThat(finalRev).isPositive();
        if (disrupt) {
            assertThat(fromWatch.connection.stream().filter(c -> c.startsWith("down")).count())
                    .as("the watch lost etcd twice and resumed: %s", fromWatch.connection).isGreaterThanOrEqualTo(2);
        }
        System.out.printf("concurrency%s: %d addresses, %d blocks, %d allocators, revision %d%n",
                disrupt ? " with etcd restart+crash" : "", total, usage.blocks().size(), allocators, finalRev);
    }

    private static void awaitProgress(AtomicInteger progress, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (progress.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static String log(Path p) {
        try {
            String s = Files.readString(p);
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Rebuilds key → modRevision from watch events and records any (key, revision) seen twice. */
    static final class StateFromWatch implements WatchListener {
        @Override
        public void onConnectionChange(boolean connected, String reason) {
            connection.add((connected ? "up " : "down ") + reason);
        }

        final Map<String, Long> state = new TreeMap<>();
        final List<String> repeats = new ArrayList<>();
        final List<String> connection = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> seen = new HashSet<>();
        private long last;

        @Override
        public synchronized void onEvents(List<WatchEvent> events) {
            for (WatchEvent e : events) {
                if (e.modRevision() < last || !seen.add(e.key() + "@" + e.modRevision())) {
                    repeats.add(e.toString());
                }
                last = e.modRevision();
                if (e.type() == WatchEvent.Type.PUT) {
                    state.put(e.key(), e.modRevision());
                } else {
                    state.remove(e.key());
                }
            }
        }
    }
}
