package io.muslin.datastore;

/** A condition of a {@link Txn}: all of a transaction's conditions must hold for its success branch. */
public sealed interface Compare {
    String key();

    /** The key does not exist. */
    record Absent(String key) implements Compare {}

    /** The key exists (with any revision). */
    record Present(String key) implements Compare {}

    /** The key exists and was last modified at exactly this revision. */
    record ModRevision(String key, long modRevision) implements Compare {}

    static Compare absent(String key) {
        return new Absent(key);
    }

    static Compare present(String key) {
        return new Present(key);
    }

    static Compare modRevision(String key, long modRevision) {
        return new ModRevision(key, modRevision);
    }
}
