package io.muslin.datastore;

import io.muslin.datastore.model.Resource;
import java.util.List;

/**
 * Receives a typed watch's changes: one call per batch of whole revisions, in order, each change
 * once, across disconnects (see {@link WatchListener}). Calls come from one thread at a time.
 */
public interface ResourceWatchListener<R extends Resource> {
    void onEvents(List<ResourceEvent<R>> events);

    /** History the watch needed is gone: list again and watch from the list's revision + 1. The watch has stopped. */
    default void onCompacted(long compactRevision) {}

    default void onConnectionChange(boolean connected, String reason) {}

    /** See {@link WatchListener#onProgress}. */
    default void onProgress(long revision) {}

    /**
     * A stored value under the watched prefix is not a valid resource of the kind (written by
     * something else, or by an older or newer version): it is left out and reported here.
     */
    default void onUndecodable(String key, long revision, String reason) {}
}
