package io.muslin.bgp.bfd;

import java.time.Instant;

/** Time for BFD sessions: a monotonic clock for timers and a wall clock for "since"; tests supply their own. */
public interface BfdClock {
    long nanoTime();

    Instant instant();

    BfdClock SYSTEM = new BfdClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    };
}
