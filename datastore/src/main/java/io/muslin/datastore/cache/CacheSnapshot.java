package io.muslin.datastore.cache;

import io.muslin.datastore.Stored;
import io.muslin.datastore.model.Resource;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An informer's cache as it was at one store revision: every resource under the watched prefix,
 * keyed as in {@link io.muslin.datastore.ResourceEvent#key()} ({@code name} or
 * {@code namespace/name}), sorted. Immutable.
 */
public record CacheSnapshot<R extends Resource>(SortedMap<String, Stored<R>> items, long revision) {
    public CacheSnapshot {
        items = java.util.Collections.unmodifiableSortedMap(items);
    }

    public Optional<Stored<R>> get(String key) {
        return Optional.ofNullable(items.get(key));
    }

    /** A namespaced resource by namespace and name. */
    public Optional<Stored<R>> get(String namespace, String name) {
        return get(namespace + "/" + name);
    }

    /** The resources, in key order. */
    public List<R> resources() {
        return items.values().stream().map(Stored::resource).toList();
    }

    public int size() {
        return items.size();
    }
}
