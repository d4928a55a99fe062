package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.ForwardingDatastore;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.net.IpPrefix;
import io.muslin.testing.EtcdFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's blocks reach its watcher as soon as they change: claimed and released by another
 * process against a real etcd, and claimed and released in this process before the store's watch
 * echoes it.
 */
class NodeBlockWatchTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();

    /** Runs ClaimMain in a separate JVM on this test classpath; returns its one line of output. */
    private static String inAnotherProcess(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClaimMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @Test
    void claimsAndReleasesByAnotherProcessReachTheWatcher() throws Exception {
        String root = "/nbw-" + System.nanoTime() + "/";
        try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()))) {
            Ipam ipam = new Ipam(store, IpamOptions.defaults().withRoot(root));
            ipam.createPool(IPPool.of("pool", "10.90.0.0/24", 28));
            IpPrefix before = ipam.claimBlock("node-1", "pool").orElseThrow();
            BlockRecorder rec = new BlockRecorder();
            try (NodeBlockWatch w = ipam.watchNodeBlocks("node-1", rec)) {
                assertThat(w.awaitSynced(WAIT)).isTrue();
                assertThat(rec.told).containsExactly(List.of(before));

                IpPrefix claimed = IpPrefix.parse(inAnotherProcess(ETCD.endpoint(), root, "node-1", "claim", "pool"));
                rec.awaitLast(List.of(before, claimed).stream().sorted().toList(), WAIT);
                String other = inAnotherProcess(ETCD.endpoint(), root, "node-2", "claim", "pool");
                assertThat(other).isNotEqualTo("none");

                assertThat(inAnotherProcess(ETCD.endpoint(), root, "node-1", "release", before.toString())).isEqualTo("true");
                rec.awaitLast(List.of(claimed), WAIT);
                assertThat(rec.told).as("node-2's block is never told; each change once")
                        .containsExactly(List.of(before), List.of(before, claimed).stream().sorted().toList(), List.of(claimed));
                assertThat(w.blocks()).containsExactly(claimed);
                assertThat(ipam.advertisableBlocks("node-1")).containsExactly(claimed);
                assertThat(w.stats().connected()).isTrue();
            }
        }
    }

    @Test
    void thisProcessesClaimsAreToldBeforeTheStoreEchoesThem() throws Exception {
        HeldWatches store = new HeldWatches(FileDatastore.inMemory());
        Ipam ipam = new Ipam(store, IpamOptions.defaults().withRoot("/held/"));
        ipam.createPool(IPPool.of("pool", "10.91.0.0/24", 28));
        BlockRecorder rec = new BlockRecorder();
        try (NodeBlockWatch w = ipam.watchNodeBlocks("node-1", rec)) {
            assertThat(w.awaitSynced(WAIT)).isTrue();
            assertThat(rec.told).containsExactly(List.of());
            store.hold = true;

            List<Assignment> a = ipam.autoAssign(AssignRequest.ipv4("ctr-1", "node-1", Map.of()));
            IpPrefix block = a.getFirst().block();
            assertThat(rec.told).as("told during autoAssign, with the watch held").containsExactly(List.of(), List.of(block));
            ipam.releaseByHandle("ctr-1");
            assertThat(ipam.releaseBlock("node-1", block)).isTrue();
            assertThat(rec.told).containsExactly(List.of(), List.of(block), List.of());

            store.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.delivered == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(store.delivered).as("the store's echo arrived").isPositive();
            assertThat(rec.told).as("the echo changes nothing: it is no newer than what was told")
                    .containsExactly(List.of(), List.of(block), List.of());
            IpPrefix again = ipam.claimBlock("node-1", "pool").orElseThrow();
            rec.awaitLast(List.of(again), WAIT);
        }
    }

    /** A store whose watches hold their events while {@code hold} is set, until {@link #release()}. */
    static final class HeldWatches extends ForwardingDatastore {
        volatile boolean hold;
        volatile int delivered;
        private final List<Runnable> held = new ArrayList<>();

        HeldWatches(Datastore inner) {
            super(inner);
        }

        synchronized void release() {
            hold = false;
            held.forEach(Runnable::run);
            held.clear();
        }

        private synchronized void offer(Runnable r) {
            if (hold) {
                held.add(r);
            } else {
                r.run();
            }
        }

        @Override
        public Watch watch(String prefix, long fromRevision, WatchListener listener) {
            return inner.watch(prefix, fromRevision, new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    offer(() -> {
                        listener.onEvents(events);
                        delivered += events.size(); // counted once the listener has had them
                    });
                }

                @Override
                public void onProgress(long revision) {
                    offer(() -> listener.onProgress(revision));
                }

                @Override
                public void onCompacted(long compactRevision) {
                    listener.onCompacted(compactRevision);
                }
            });
        }

        @Override
        public String describe() {
            return "held " + inner.describe();
        }
    }
}
