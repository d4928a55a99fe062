package io.muslin.routing.reconcile;

/** Milliseconds of a monotonic clock; tests use a fake one. */
@FunctionalInterface
public interface Clock {
    long millis();

    Clock SYSTEM = () -> System.nanoTime() / 1_000_000;
}
