package io.muslin.ipam;

import java.time.Instant;

/** Time, behind an interface so garbage-collection grace periods can be tested without waiting. */
@FunctionalInterface
public interface Clock {
    Instant now();

    Clock SYSTEM = Instant::now;
}
