package io.muslin.agent.status;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;

/** The last errors of every part of the agent, at most {@code capacity}, oldest dropped first. Thread-safe. */
public final class RecentErrors {
    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<ErrorEntry> entries = new ArrayDeque<>();

    public RecentErrors(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    public synchronized void add(String component, String message) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new ErrorEntry(clock.instant(), component, message));
    }

    /** Oldest first. */
    public synchronized List<ErrorEntry> snapshot() {
        return List.copyOf(entries);
    }
}
