package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPAM on the embedded file store, for a single node or the lab: concurrent allocators, then a restart. */
class EmbeddedStoreRestartTest {
    @TempDir
    Path dir;

    @Test
    void allocationsSurviveARestartOfTheProcess() throws Exception {
        IpamOptions opts = IpamOptions.defaults().withRoot("/embedded/").withSettingsTtl(Duration.ofSeconds(60));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        IpAddress tunnel;
        try (FileDatastore store = FileDatastore.open(dir)) {
            Ipam ipam = new Ipam(store, opts);
            ipam.createPool(IPPool.of("local", "10.77.0.0/20", 27));
            tunnel = ipam.tunnelAddress("node-1");
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 6; t++) {
                int k = t;
                Ipam own = new Ipam(store, opts);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 80; i++) {
                            String h = "c" + k + "-" + i;
                            lines.add(h + " " + String.valueOf(AllocatorMain.assignOnce(own, h, "node-" + (k % 2))));
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).isEmpty();
        }
        Map<String, String> reported = new HashMap<>();
        lines.forEach(l -> reported.put(l.split(" ")[0], l.split(" ")[1]));
        assertThat(new HashSet<>(reported.values())).hasSize(480);
        try (FileDatastore store = FileDatastore.open(dir)) {
            Ipam ipam = new Ipam(store, opts);
            Map<String, String> stored = new HashMap<>();
            ipam.allocations().stream().filter(a -> !a.handleId().startsWith("ipip-"))
                    .forEach(a -> stored.put(a.handleId(), String.valueOf(a.address())));
            assertThat(stored).isEqualTo(reported);
            assertThat(ipam.checkConsistency().problems()).isEmpty();
            assertThat(ipam.tunnelAddress("node-1")).isEqualTo(tunnel);
            IpAddress next = ipam.autoAssign(AssignRequest.ipv4("after-restart", "node-0", Map.of())).getFirst().address();
            assertThat(reported.values()).doesNotContain(String.valueOf(next));
        }
    }
}
