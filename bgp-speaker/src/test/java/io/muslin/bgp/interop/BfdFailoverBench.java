package io.muslin.bgp.interop;

import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.net.IpAddress;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.TestInfo;

/**
 * bench/bfd/failover.sh: how long after the link to a BIRD peer dies silently (everything dropped
 * in BIRD's namespace) its routes leave Muslin's Loc-RIB (the listener the agent programs the
 * kernel from is told), with BFD (300 ms x 3) and without (the hold time). Fresh namespaces, BIRD
 * and speaker per run. Usage: {@code BfdFailoverBench <runs> <holdSeconds>}; last line one JSON object.
 */
public final class BfdFailoverBench extends InteropTopology {
    private final boolean bfd;
    private final int hold;

    private BfdFailoverBench(boolean bfd, int hold) {
        this.bfd = bfd;
        this.hold = hold;
    }

    @Override
    PeerDaemon newDaemon() {
        return bfd ? new Bird("  bfd on;\n", BgpOverBfdInteropTest.BIRD_BFD) : new Bird();
    }

    @Override
    String namespacePrefix() {
        return "mbfdbench-";
    }

    /** Milliseconds from the cut to the last of BIRD's IPv4 routes leaving the Loc-RIB. */
    private long run() throws Exception {
        dir = Files.createTempDirectory("bfd-failover-");
        topology(testInfo());
        try {
            startDaemon(65001, 64512, null, hold);
            DesiredState state = muslinState(64512, 65001, null, hold, p -> bfd ? p.withBfd(BfdSpec.defaults()) : p);
            GracefulRestartInteropTest.LocRibLog locRib = new GracefulRestartInteropTest.LocRibLog();
            muslin = new Speaker(state, 2, m.executor());
            muslin.subscribe(locRib);
            muslin.start();
            Interop.waitFor(Duration.ofSeconds(30), "Established", () -> peer(P4).state() == SessionState.ESTABLISHED);
            if (bfd) {
                Interop.waitFor(Duration.ofSeconds(30), "BFD Up", () -> muslin.peerStatus(IpAddress.parse(P4))
                        .map(s -> s.bfd() != null && s.bfd().state() == BfdState.UP).orElse(false));
            }
            Interop.waitFor(Duration.ofSeconds(30), "BIRD's routes", () -> received(P4).size() == PEER4.size());
            Thread.sleep(1000);
            long cut = System.nanoTime();
            for (String tables : new String[] {"iptables", "ip6tables"}) {
                p.exec(tables, "-A", "INPUT", "-j", "DROP");
                p.exec(tables, "-A", "OUTPUT", "-j", "DROP");
            }
            Interop.waitFor(Duration.ofSeconds(hold * 3L + 30), "BIRD's routes gone from the Loc-RIB",
                    () -> PEER4.stream().allMatch(x -> locRib.firstRemoval(x) >= 0));
            long last = 0;
            for (String x : PEER4) {
                last = Math.max(last, locRib.batches.get(locRib.firstRemoval(x)).nanos());
            }
            String reason = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().lastDownReason();
            long ms = (last - cut) / 1_000_000;
            System.out.printf("%s run: routes gone %d ms after the cut (down reason %s)%n", bfd ? "bfd" : "hold", ms, reason);
            return ms;
        } finally {
            teardownQuietly();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void teardownQuietly() {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            teardown();
        } catch (Exception e) {
            System.err.println("teardown: " + e);
        } finally {
            System.setOut(out);
        }
    }

    private static TestInfo testInfo() {
        return new TestInfo() {
            @Override
            public String getDisplayName() {
                return "failover";
            }

            @Override
            public Set<String> getTags() {
                return Set.of();
            }

            @Override
            public Optional<Class<?>> getTestClass() {
                return Optional.of(BfdFailoverBench.class);
            }

            @Override
            public Optional<Method> getTestMethod() {
                return Optional.empty();
            }
        };
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int hold = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        List<Long> withBfd = new ArrayList<>();
        List<Long> withHold = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            withBfd.add(new BfdFailoverBench(true, hold).run());
            withHold.add(new BfdFailoverBench(false, hold).run());
        }
        double[] load = new double[1];
        load[0] = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("median: bfd %d ms, hold time %d s: %d ms (load average %.2f)%n", median(withBfd), hold,
                median(withHold), load[0]);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of(
                "bench", "bfd-failover", "runs", runs, "holdTimeSeconds", hold, "bfd", "300ms x 3",
                "bfdMs", withBfd, "holdMs", withHold, "bfdMedianMs", median(withBfd), "holdMedianMs", median(withHold),
                "loadAverage1m", Math.round(load[0] * 100) / 100.0)));
        System.exit(0);
    }
}
