package io.muslin.datastore;

import java.util.List;

/**
 * Receives a watch's events, one call per batch of whole revisions in ascending order, never an
 * event twice and never with a gap, across disconnects. Calls come from one thread at a time.
 */
public interface WatchListener {
    void onEvents(List<WatchEvent> events);

    /**
     * The revisions the watch needed are compacted away: the caller must list again and start a
     * new watch from the list's revision + 1. The watch has stopped.
     */
    default void onCompacted(long compactRevision) {}

    /** The store connection went away ({@code connected=false}) or came back; the watch goes on by itself. */
    default void onConnectionChange(boolean connected, String reason) {}

    /**
     * A progress report, in order with the events: the store was at {@code revision} when it sent
     * this. It comes after {@link Watch#requestProgress()} (and when the store volunteers one).
     * Meant for lag figures: a store may report it before it has sent every earlier event (etcd
     * 3.4 does), so it is never a resume point.
     */
    default void onProgress(long revision) {}
}
