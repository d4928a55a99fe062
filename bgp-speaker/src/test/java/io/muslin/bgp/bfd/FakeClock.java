package io.muslin.bgp.bfd;

import java.time.Instant;

/** Time that moves only when a test says. */
final class FakeClock implements BfdClock {
    private long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(1_800_000_000L).plusNanos(nanos);
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000;
    }

    void setNanos(long n) {
        nanos = n;
    }

    /** Milliseconds since the clock was made. */
    long millis() {
        return (nanos - 1_000_000_000L) / 1_000_000;
    }
}
