package io.muslin.datastore;

/** A compare-and-swap found the key changed (or gone) since the revision the caller read. */
public class RevisionConflictException extends DatastoreException {
    private final String key;

    public RevisionConflictException(String key, long expected) {
        super("key " + key + " is no longer at revision " + expected + " (changed or deleted since)");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
