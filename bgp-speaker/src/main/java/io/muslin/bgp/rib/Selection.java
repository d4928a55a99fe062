package io.muslin.bgp.rib;

import java.util.List;

/**
 * The outcome of best-path selection for one prefix: the paths best first, how many of them are
 * equal enough for multipath (ECMP), and why the best one won (GoBGP's BestPathReason).
 */
public record Selection(List<Path> paths, int ecmp, String reason) {
    public Path best() {
        return paths.getFirst();
    }

    public List<Path> multipath() {
        return paths.subList(0, ecmp);
    }
}
