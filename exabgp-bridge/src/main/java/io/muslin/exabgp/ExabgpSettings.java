package io.muslin.exabgp;

import io.muslin.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How to run ExaBGP for the bridge.
 *
 * @param executable   the {@code exabgp} program ({@code /usr/sbin/exabgp} from the Debian package)
 * @param python       the Python 3 that runs the API relay (ExaBGP's own interpreter will do)
 * @param launcher     words put before the command, e.g. {@code ip netns exec NS}; empty for none
 * @param runDirectory where the configuration, the relay and the API socket are written
 * @param localAs      our AS (the speaker's)
 * @param routerId     our BGP identifier (the speaker's)
 * @param neighbors    the sessions ExaBGP runs
 * @param restartMin   the first wait before restarting ExaBGP after it died; doubled on each
 *                     death in a row up to {@code restartMax}
 */
public record ExabgpSettings(Path executable, Path python, List<String> launcher, Path runDirectory, long localAs,
                             IpAddress routerId, List<ExabgpNeighbor> neighbors, Duration restartMin,
                             Duration restartMax) {
    public static final Path DEFAULT_EXECUTABLE = Path.of("/usr/sbin/exabgp");
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    public ExabgpSettings {
        require(executable, "executable");
        require(python, "python");
        require(runDirectory, "runDirectory");
        require(routerId, "routerId");
        require(restartMin, "restartMin");
        require(restartMax, "restartMax");
        launcher = launcher == null ? List.of() : List.copyOf(launcher);
        neighbors = neighbors == null ? List.of() : List.copyOf(neighbors);
        if (localAs < 1 || localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("localAs: " + localAs + " is outside 1..4294967295");
        }
        if (routerId.v6()) {
            throw new IllegalArgumentException("routerId: " + routerId + " must be an IPv4 address");
        }
        if (restartMin.isNegative() || restartMin.isZero() || restartMax.compareTo(restartMin) < 0) {
            throw new IllegalArgumentException("restartMin/restartMax: need 0 < restartMin <= restartMax, got "
                    + restartMin + " and " + restartMax);
        }
        Set<IpAddress> seen = new HashSet<>();
        for (int i = 0; i < neighbors.size(); i++) {
            if (!seen.add(neighbors.get(i).peer().address())) {
                throw new IllegalArgumentException("neighbors[" + i + "].address: " + neighbors.get(i).peer().address()
                        + " is listed twice");
            }
        }
    }

    /** The Debian package's paths, restart backoff from 1 s to 30 s. */
    public static ExabgpSettings of(Path runDirectory, long localAs, IpAddress routerId, List<ExabgpNeighbor> neighbors) {
        return new ExabgpSettings(DEFAULT_EXECUTABLE, DEFAULT_PYTHON, List.of(), runDirectory, localAs, routerId,
                neighbors, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public ExabgpSettings withLauncher(List<String> words) {
        return new ExabgpSettings(executable, python, words, runDirectory, localAs, routerId, neighbors, restartMin,
                restartMax);
    }

    public ExabgpSettings withPython(Path p) {
        return new ExabgpSettings(executable, p, launcher, runDirectory, localAs, routerId, neighbors, restartMin,
                restartMax);
    }

    public ExabgpSettings withRestart(Duration min, Duration max) {
        return new ExabgpSettings(executable, python, launcher, runDirectory, localAs, routerId, neighbors, min, max);
    }

    public ExabgpSettings withNeighbors(List<ExabgpNeighbor> n) {
        return new ExabgpSettings(executable, python, launcher, runDirectory, localAs, routerId, n, restartMin,
                restartMax);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
    }
}
