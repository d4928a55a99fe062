package io.muslin.datastore;

import io.muslin.datastore.model.Resource;

/** Turns a stored key-value into a resource, for watches and caches over any key prefix. */
@FunctionalInterface
public interface ResourceDecoder<R extends Resource> {
    /**
     * @throws IllegalArgumentException saying what is wrong with the stored value (bad JSON, an
     *                                  unknown field, another kind, a field that fails validation)
     */
    Stored<R> decode(KeyValue kv);
}
