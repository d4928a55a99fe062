package io.muslin.agent.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A part of the agent that must keep showing signs of life (a loop that runs every few seconds):
 * it calls {@link #beat()}; liveness fails once it has been silent for longer than {@code maxSilence}.
 */
public final class Heartbeat {
    private final String name;
    private final Duration maxSilence;
    private final Clock clock;
    private volatile Instant last;

    public Heartbeat(String name, Duration maxSilence, Clock clock) {
        this.name = name;
        this.maxSilence = maxSilence;
        this.clock = clock;
        this.last = clock.instant();
    }

    public void beat() {
        last = clock.instant();
    }

    /** Null while alive, else why not. */
    String silence() {
        Duration quiet = Duration.between(last, clock.instant());
        return quiet.compareTo(maxSilence) > 0 ? name + " has been silent for " + quiet.toSeconds() + " s (limit "
                + maxSilence.toSeconds() + " s)" : null;
    }
}
