package io.muslin.lab.check;

import io.muslin.lab.check.Probe.PairResult;
import io.muslin.lab.driver.Pods.Pod;
import java.util.ArrayList;
import java.util.List;

/** The pod-to-pod connectivity matrix: every ordered pair of pods, each checked by {@link Probe}. */
public final class Matrix {
    private final List<Pod> pods;
    private final List<PairResult> results;
    private final boolean captured;

    private Matrix(List<Pod> pods, List<PairResult> results, boolean captured) {
        this.pods = pods;
        this.results = results;
        this.captured = captured;
    }

    public static Matrix measure(Probe probe, List<Pod> pods) {
        List<PairResult> out = new ArrayList<>();
        for (Pod from : pods) {
            for (Pod to : pods) {
                if (from != to) {
                    out.add(probe.check(from, to));
                }
            }
        }
        return new Matrix(pods, out, true);
    }

    /**
     * Every ordered pair pinged once and its kernel route read, without captures, {@code threads}
     * source pods at a time: the quick matrix of the scale run. A pair counts as proved when it is
     * reached (its path is the route's reading only).
     */
    public static Matrix measureQuick(Probe probe, List<Pod> pods, int threads) {
        List<PairResult> out = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (Pod from : pods) {
                pool.submit(() -> {
                    for (Pod to : pods) {
                        if (from != to) {
                            boolean ok = Probe.ping(from, to.address(), 1);
                            PathKind route = probe.route(from.node(), to.address());
                            out.add(new PairResult(from, to, ok, route, ok ? route : PathKind.UNKNOWN));
                        }
                    }
                });
            }
        }
        List<PairResult> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparing((PairResult r) -> r.from().name()).thenComparing(r -> r.to().name()));
        return new Matrix(pods, sorted, false);
    }

    public List<PairResult> results() {
        return results;
    }

    public PairResult pair(String from, String to) {
        return results.stream().filter(r -> r.from().name().equals(from) && r.to().name().equals(to)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pair " + from + " -> " + to));
    }

    public boolean allProved() {
        return results.stream().allMatch(PairResult::proved);
    }

    /** The matrix as a table (rows: from, columns: to; a cell is the path, or FAIL) and the pairs in detail. */
    public String render() {
        StringBuilder b = new StringBuilder();
        int w = 8;
        for (Pod p : pods) {
            w = Math.max(w, p.name().length() + 1);
        }
        String fmt = "%-" + w + "s";
        b.append(String.format(fmt, "from\\to"));
        for (Pod p : pods) {
            b.append(String.format(fmt, p.name()));
        }
        b.append('\n');
        for (Pod from : pods) {
            b.append(String.format(fmt, from.name()));
            for (Pod to : pods) {
                String cell = "-";
                if (from != to) {
                    PairResult r = pair(from.name(), to.name());
                    cell = !r.reachable() ? "FAIL" : r.proved() ? r.route().text() : "?" + r.route().text();
                }
                b.append(String.format(fmt, cell));
            }
            b.append('\n');
        }
        b.append('\n');
        for (PairResult r : results) {
            b.append(String.format("%-22s -> %-22s %-11s route %-8s capture %-8s %s%n",
                    r.from().name() + " " + r.from().address(), r.to().name() + " " + r.to().address(),
                    r.reachable() ? "reached" : "NOT reached", r.route().text(), r.seen().text(),
                    r.proved() ? "ok" : "MISMATCH"));
        }
        long ok = results.stream().filter(PairResult::proved).count();
        b.append(ok).append(" of ").append(results.size()).append(captured ? " pairs reached with the path proved by route and capture\n"
                : " pairs reached (quick: the path from the kernel route, no capture)\n");
        return b.toString();
    }
}
