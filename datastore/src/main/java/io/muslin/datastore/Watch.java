package io.muslin.datastore;

/** A running watch; {@link #close()} stops it. */
public interface Watch extends AutoCloseable {
    /** The highest revision delivered to the listener so far (or the start revision - 1). */
    long lastRevision();

    /**
     * Asks the store for a progress report ({@link WatchListener#onProgress}); does nothing while
     * the watch is disconnected.
     */
    void requestProgress();

    @Override
    void close();
}
