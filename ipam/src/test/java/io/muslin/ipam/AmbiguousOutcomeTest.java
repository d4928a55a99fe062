package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every write may fail with its outcome unknown (applied or not): IPAM must still hand out no
 * address twice, tell callers the truth (every reported address is stored, nothing else is), and
 * leave the store consistent — no stray pending claim, no leaked address.
 */
class AmbiguousOutcomeTest {
    @Test
    void concurrentAllocatorsThroughLostOutcomes() throws Exception {
        FileDatastore backing = FileDatastore.inMemory();
        FlakyDatastore flaky = new FlakyDatastore(backing, 0.15);
        IpamOptions opts = IpamOptions.defaults().withRoot("/flaky/").withSettingsTtl(Duration.ofSeconds(60));
        new Ipam(backing, opts).createPool(IPPool.of("p", "10.9.0.0/20", 28));
        int threads = 12;
        int each = 150;
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int k = t;
            Ipam ipam = new Ipam(flaky, opts);
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        String h = "t" + k + "-" + i;
                        lines.add(h + " " + String.valueOf(AllocatorMain.assignOnce(ipam, h, "node-" + (k % 5))));
                        if (i % 10 == 9) {
                            // Release some along the way, through the same flaky store.
                            String victim = "t" + k + "-" + (i - 5);
                            while (true) {
                                try {
                                    ipam.releaseByHandle(victim);
                                    break;
                                } catch (IpamException e) {
                                    // retry
                                }
                            }
                            lines.add(victim + " RELEASED");
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(errors).isEmpty();
        Map<String, String> live = new HashMap<>();
        for (String l : lines) {
            String[] hv = l.split(" ");
            if (hv[1].equals("RELEASED")) {
                assertThat(live.remove(hv[0])).isNotNull();
            } else {
                assertThat(live.put(hv[0], hv[1])).isNull();
            }
        }
        assertThat(new HashSet<>(live.values())).hasSize(live.size());
        Ipam clean = new Ipam(backing, opts);
        Map<String, String> stored = new HashMap<>();
        for (Allocation a : clean.allocations()) {
            assertThat(stored.put(a.handleId(), String.valueOf(a.address()))).isNull();
        }
        assertThat(stored).isEqualTo(live);
        ConsistencyReport r = clean.checkConsistency();
        assertThat(r.problems()).as(r.toText()).isEmpty();
        assertThat(flaky.lostAfter.get()).as("outcomes lost after applying").isPositive();
        assertThat(flaky.lostBefore.get()).isPositive();
        assertThat(flaky.readFailures.get()).isPositive();
    }
}
