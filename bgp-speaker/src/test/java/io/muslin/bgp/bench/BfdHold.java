package io.muslin.bgp.bench;

import io.muslin.bgp.bfd.BfdEndpoint;
import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.BfdStatus;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.net.IpAddress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds many BFD sessions for bench/bfd/hold.py, run inside a network namespace: one session per
 * line of the peers file ({@code peer local}), 300 ms x 3. Prints {@code ALL_UP <ms>} when every
 * session is Up, then waits for a line on stdin and prints one JSON object: sessions Up, state
 * changes since all were Up (flaps), packets in and out, packets dropped.
 */
public final class BfdHold {
    private BfdHold() {
    }

    public static void main(String[] args) throws Exception {
        List<IpAddress> peers = new ArrayList<>();
        java.util.Map<String, java.util.concurrent.atomic.AtomicLong> downs = new java.util.concurrent.ConcurrentHashMap<>();
        try (BfdEndpoint endpoint = new BfdEndpoint(Runnable::run)) {
            long start = System.nanoTime();
            for (String line : Files.readAllLines(Path.of(args[0]))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    IpAddress peer = IpAddress.parse(f[0]);
                    endpoint.add(peer, IpAddress.parse(f[1]), BfdSpec.defaults(), (p, from, to, diag, admin) -> {
                        if (from == BfdState.UP) {
                            downs.computeIfAbsent(diag.label(), k -> new java.util.concurrent.atomic.AtomicLong())
                                    .incrementAndGet();
                        }
                    });
                    peers.add(peer);
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (up(endpoint, peers) < peers.size()) {
                if (System.nanoTime() > deadline) {
                    System.out.println("NOT_UP " + up(endpoint, peers) + " of " + peers.size());
                    System.exit(1);
                }
                Thread.sleep(100);
            }
            long[] changesAtUp = new long[peers.size()];
            for (int i = 0; i < peers.size(); i++) {
                changesAtUp[i] = endpoint.status(peers.get(i)).orElseThrow().stateChanges();
            }
            downs.clear();
            System.out.println("ALL_UP " + (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            long flaps = 0;
            long in = 0;
            long out = 0;
            for (int i = 0; i < peers.size(); i++) {
                BfdStatus s = endpoint.status(peers.get(i)).orElseThrow();
                flaps += s.stateChanges() - changesAtUp[i];
                in += s.packetsIn();
                out += s.packetsOut();
            }
            System.out.printf("{\"sessions\": %d, \"up\": %d, \"stateChangesSinceAllUp\": %d, \"packetsIn\": %d, "
                    + "\"packetsOut\": %d, \"packetsDropped\": %d, \"lateTimers\": %d, \"worstTimerLatenessMs\": %d, "
                    + "\"leftUpBy\": {%s}}%n", peers.size(), up(endpoint, peers),
                    flaps, in, out, endpoint.packetsDropped(), endpoint.lateTimers(), endpoint.worstTimerLatenessMillis(),
                    String.join(", ", downs.entrySet().stream()
                            .map(e -> "\"" + e.getKey() + "\": " + e.getValue().get()).toList()));
            System.out.flush();
        }
    }

    private static int up(BfdEndpoint endpoint, List<IpAddress> peers) {
        int n = 0;
        for (IpAddress p : peers) {
            if (endpoint.status(p).map(s -> s.state() == BfdState.UP).orElse(false)) {
                n++;
            }
        }
        return n;
    }
}
