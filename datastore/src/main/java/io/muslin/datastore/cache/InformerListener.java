package io.muslin.datastore.cache;

import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.Resource;
import java.util.List;

/**
 * What an {@link Informer} tells its user, always from the informer's one thread, in store order.
 * Implement {@link #onEvents} to see each batch whole, or the per-change methods it calls by
 * default. When a callback runs, {@link Informer#snapshot()} already includes its changes.
 */
public interface InformerListener<R extends Resource> {

    /**
     * One batch of changes the cache has just applied, in revision order; {@code revision} is the
     * cache's revision after it. The first list arrives as one batch of additions followed by
     * {@link #onSynced}; a re-list after compaction arrives as one batch holding exactly the
     * differences. The default calls the per-change methods below, then {@link #onBatchEnd}.
     */
    default void onEvents(List<ResourceEvent<R>> events, long revision) {
        for (ResourceEvent<R> e : events) {
            switch (e) {
                case ResourceEvent.Added<R> a -> onAdded(a.key(), a.current());
                case ResourceEvent.Modified<R> m -> onModified(m.key(), m.previous().orElseThrow(), m.current());
                case ResourceEvent.Deleted<R> d -> onDeleted(d.key(), d.previous().orElseThrow(), d.revision());
            }
        }
        onBatchEnd(revision);
    }

    default void onAdded(String key, Stored<R> current) {}

    /** The informer always knows the previous value (it is the one it held). */
    default void onModified(String key, Stored<R> previous, Stored<R> current) {}

    /** {@code last} is the value the cache held; {@code revision} the deletion's. */
    default void onDeleted(String key, Stored<R> last, long revision) {}

    /** After each batch (the default {@link #onEvents} calls it): a point to reconcile at. */
    default void onBatchEnd(long revision) {}

    /** Once, after the first list was applied (and its additions delivered). */
    default void onSynced(CacheSnapshot<R> snapshot) {}

    /**
     * The store went away ({@code connected=false}: the cache stays as it was and is still served)
     * or came back (the informer resumes from where it stopped, or re-lists if it must).
     */
    default void onConnectionChange(boolean connected, String reason) {}

    /**
     * A stored value is not a valid resource of the kind. The cache keeps the last good value of
     * that key (if it had one) and goes on.
     */
    default void onUndecodable(String key, long revision, String reason) {}
}
