package io.muslin.datastore;

import io.muslin.datastore.model.Resource;
import java.util.Optional;

/**
 * A change to one resource: added, modified (with the previous value where known) or deleted
 * (with the last value where known). {@code key} names the resource within its kind:
 * {@code name} for cluster-wide kinds, {@code namespace/name} for namespaced ones (in general: the
 * store key after the watched prefix).
 */
public sealed interface ResourceEvent<R extends Resource> {
    String key();

    /** The store revision of the change. */
    long revision();

    record Added<R extends Resource>(String key, Stored<R> current) implements ResourceEvent<R> {
        @Override
        public long revision() {
            return current.revision();
        }
    }

    record Modified<R extends Resource>(String key, Optional<Stored<R>> previous, Stored<R> current)
            implements ResourceEvent<R> {
        @Override
        public long revision() {
            return current.revision();
        }
    }

    record Deleted<R extends Resource>(String key, Optional<Stored<R>> previous, long revision)
            implements ResourceEvent<R> {}
}
