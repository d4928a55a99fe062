package io.muslin.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.DatastoreContractTest.Recorder;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** etcd going away and coming back: clear errors meanwhile, watches that resume without gap or repeat. */
class EtcdResilienceTest {
    @RegisterExtension
    final EtcdFixture fixture = EtcdFixture.onTmpfs();
    EtcdProcess etcd;
    EtcdDatastore store;

    @BeforeEach
    void start() {
        etcd = fixture.process();
        // 5 s: the first request after connecting (channel set-up, a cold JIT) can take over a
        // second on a loaded 2-core machine; an unavailable etcd still answers well within 20 s.
        store = EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()).withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void clearErrorWhileEtcdIsAwayAndRecoveryAfter() {
        store.create("/r/a", "1".getBytes(StandardCharsets.UTF_8));
        etcd.stop();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.get("/r/a"))
                .isInstanceOf(DatastoreUnavailableException.class)
                .hasMessageContaining("etcd unavailable at [" + etcd.endpoint() + "]")
                .hasMessageContaining("get /r/a");
        // An answer, not a hang: the 5 s request timeout with room for a loaded machine.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> store.create("/r/b", new byte[1])).isInstanceOf(DatastoreUnavailableException.class);
        etcd.startAgain();
        assertThat(eventually(() -> store.get("/r/a")).orElseThrow().valueAsString()).isEqualTo("1");
    }

    @Test
    void watchResumesAcrossRestartsAndCrashWithoutLossOrRepeat() throws Exception {
        Recorder rec = new Recorder();
        int total = 240;
        try (Watch w = store.watch("/seq/", 0, rec)) {
            for (int i = 0; i < total; i++) {
                if (i == 80) {
                    etcd.restart();
                } else if (i == 160) {
                    etcd.kill();
                    etcd.startAgain();
                }
                writeExactlyOnce("/seq/" + String.format("%04d", i));
            }
            List<WatchEvent> got = rec.await(total, Duration.ofSeconds(60));
            Thread.sleep(300);
            assertThat(rec.events).hasSize(total);
            Set<String> keys = new HashSet<>();
            for (WatchEvent e : got) {
                assertThat(keys.add(e.key())).as("no repeat of " + e.key()).isTrue();
            }
            assertThat(got).extracting(WatchEvent::modRevision).isSorted();
            assertThat(got.getFirst().key()).isEqualTo("/seq/0000");
            assertThat(got.getLast().key()).isEqualTo("/seq/" + String.format("%04d", total - 1));
            assertThat(rec.status).anyMatch(s -> s.startsWith("down: ")).anyMatch(s -> s.startsWith("up: "));
        }
    }

    @Test
    void watchFromCompactedRevisionSaysSo() throws Exception {
        long r1 = store.put("/c/a", new byte[] {1});
        store.put("/c/a", new byte[] {2});
        long r3 = store.put("/c/a", new byte[] {3});
        etcd.compact(r3);
        Recorder rec = new Recorder();
        try (Watch w = store.watch("/c/", r1, rec)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rec.compacted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rec.compacted).contains(r3);
        }
    }

    /** Creates the key once, whatever etcd does meanwhile: ambiguous failures are read back. */
    private void writeExactlyOnce(String key) {
        while (true) {
            try {
                store.create(key, key.getBytes(StandardCharsets.UTF_8));
                return;
            } catch (AlreadyExistsException e) {
                return; // an earlier ambiguous attempt did commit
            } catch (DatastoreUnavailableException e) {
                sleep(50);
            }
        }
    }

    private static <T> T eventually(java.util.function.Supplier<T> s) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return s.get();
            } catch (DatastoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
