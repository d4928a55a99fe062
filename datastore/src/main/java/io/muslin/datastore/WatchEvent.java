package io.muslin.datastore;

import java.util.Optional;

/**
 * One change seen by a watch: a {@link Type#PUT} carries the key as written ({@link #kv()} with its
 * revisions); a {@link Type#DELETE} carries the key with an empty value, the revision of the
 * deletion and zero for the other revisions. {@link #previous()} is the key as it was before the
 * change, where the store still knew it (absent for a creation, and on a watch replayed from
 * history that no longer has it).
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> previous) {
    public enum Type { PUT, DELETE }

    private static final byte[] EMPTY = new byte[0];

    public WatchEvent {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(kv, "kv");
        java.util.Objects.requireNonNull(previous, "previous");
    }

    public static WatchEvent put(KeyValue kv, KeyValue previousOrNull) {
        return new WatchEvent(Type.PUT, kv, Optional.ofNullable(previousOrNull));
    }

    public static WatchEvent delete(String key, long revision, KeyValue previousOrNull) {
        return new WatchEvent(Type.DELETE, new KeyValue(key, EMPTY, 0, revision, 0), Optional.ofNullable(previousOrNull));
    }

    public String key() {
        return kv.key();
    }

    /** The value written; empty for a delete. */
    public byte[] value() {
        return kv.value();
    }

    /** The revision of this change. */
    public long modRevision() {
        return kv.modRevision();
    }

    /** A put that created the key (its first version since it last did not exist). */
    public boolean created() {
        return type == Type.PUT && kv.createRevision() == kv.modRevision();
    }

    /** The same event without its previous value (for history kept in memory). */
    public WatchEvent withoutPrevious() {
        return previous.isEmpty() ? this : new WatchEvent(type, kv, Optional.empty());
    }

    @Override
    public String toString() {
        return type + " " + key() + "@" + modRevision();
    }
}
