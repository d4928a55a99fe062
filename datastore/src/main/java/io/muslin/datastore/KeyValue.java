package io.muslin.datastore;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One stored key with its value and etcd-style revisions: {@code createRevision} is the store
 * revision at which the key was created, {@code modRevision} the one of its last change,
 * {@code version} the number of changes since it was created.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && key.equals(kv.key) && java.util.Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision && version == kv.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, java.util.Arrays.hashCode(value), createRevision, modRevision, version);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " rev=" + modRevision + " " + value.length + " bytes]";
    }
}
