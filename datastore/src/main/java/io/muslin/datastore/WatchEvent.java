package io.muslin.datastore;

/**
 * One change seen by a watch. For a {@link Type#DELETE} the value is empty and {@code modRevision}
 * is the revision of the deletion.
 */
public record WatchEvent(Type type, String key, byte[] value, long modRevision) {
    public enum Type { PUT, DELETE }

    @Override
    public String toString() {
        return type + " " + key + "@" + modRevision;
    }
}
