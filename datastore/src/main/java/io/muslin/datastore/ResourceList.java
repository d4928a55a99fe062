package io.muslin.datastore;

import io.muslin.datastore.model.Resource;
import java.util.List;

/**
 * The resources of one kind, sorted by key, and the store revision they were all read at: a watch
 * from {@code revision + 1} continues exactly where this list ends, with no gap and no repeat.
 */
public record ResourceList<R extends Resource>(List<Stored<R>> items, long revision) {
    public ResourceList {
        items = List.copyOf(items);
    }

    public List<R> resources() {
        return items.stream().map(Stored::resource).toList();
    }
}
