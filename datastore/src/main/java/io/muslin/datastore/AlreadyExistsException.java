package io.muslin.datastore;

/** A create-if-absent found the key already there. */
public class AlreadyExistsException extends DatastoreException {
    private final String key;

    public AlreadyExistsException(String key) {
        super("key " + key + " already exists");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
