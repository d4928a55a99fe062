package io.muslin.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers since when each thing (a pod's address, an endpoint, a node) has been seen missing from
 * Kubernetes, so that it is released only once it has been missing for the whole grace period. The
 * clock starts when this process first sees it missing: after a restart the grace starts again,
 * which can only delay a release, never hasten one.
 */
final class MissingSince {
    private final Clock clock;
    private final Map<String, Instant> since = new HashMap<>();

    MissingSince(Clock clock) {
        this.clock = clock;
    }

    /** Records {@code key} as missing now (if not already) and tells whether it has been for at least {@code grace}. */
    synchronized boolean missingFor(String key, Duration grace) {
        Instant first = since.computeIfAbsent(key, k -> clock.instant());
        return Duration.between(first, clock.instant()).compareTo(grace) >= 0;
    }

    /** {@code key} is there again (or was released): forget it. */
    synchronized void present(String key) {
        since.remove(key);
    }

    /** Forgets every key of this kind that was not seen missing in the last pass. */
    synchronized void retainOnly(String prefix, Set<String> stillMissing) {
        Set<String> drop = new HashSet<>();
        for (String k : since.keySet()) {
            if (k.startsWith(prefix) && !stillMissing.contains(k)) {
                drop.add(k);
            }
        }
        drop.forEach(since::remove);
    }

    synchronized int size() {
        return since.size();
    }
}
