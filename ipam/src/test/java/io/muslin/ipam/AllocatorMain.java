package io.muslin.ipam;

import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A separate-JVM allocator for the concurrency test. Arguments: etcd endpoint, key root, output
 * file, then one "allocatorId:node:count" per thread. Writes "handle address" lines, then "DONE".
 */
public final class AllocatorMain {
    private AllocatorMain() {}

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String root = args[1];
        Path out = Path.of(args[2]);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        try (EtcdDatastore store = EtcdDatastore.connect(EtcdConfig.of(endpoint).withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(500)))) {
            Ipam ipam = new Ipam(store, IpamOptions.defaults().withSettingsTtl(Duration.ofSeconds(30))
                    .withOutageDeadline(Duration.ofSeconds(60)) .withClock(Clock.SYSTEM).withRoot(root));
            for (int i = 3; i < args.length; i++) {
                String[] p = args[i].split(":");
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        run(ipam, p[0], p[1], Integer.parseInt(p[2]), lines);
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        List<String> all = new ArrayList<>(lines);
        if (!errors.isEmpty()) {
            errors.getFirst().printStackTrace();
            all.add("ERROR " + errors.getFirst());
        } else {
            all.add("DONE");
        }
        Files.write(out, all);
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    /** Assigns {@code count} addresses, one handle each; idempotent per handle across retries. */
    static void run(Ipam ipam, String id, String node, int count, List<String> sink) {
        for (int i = 0; i < count; i++) {
            String handle = id + "-" + i;
            sink.add(handle + " " + String.valueOf(assignOnce(ipam, handle, node)));
        }
    }

    static IpAddress assignOnce(Ipam ipam, String handle, String node) {
        IpamException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                if (attempt > 0) {
                    // An earlier attempt may have been applied before it failed.
                    List<IpAddress> have = ipam.addressesOf(handle);
                    if (!have.isEmpty()) {
                        return have.getFirst();
                    }
                }
                return ipam.autoAssign(AssignRequest.ipv4(handle, node, Map.of("pod", handle, "namespace", "load")))
                        .getFirst().address();
            } catch (IpamException e) {
                last = e;
            }
        }
        throw last;
    }
}
