package io.muslin.datastore;

/** Base of the store's errors; each message names the key and the reason. */
public class DatastoreException extends RuntimeException {
    public DatastoreException(String message) {
        super(message);
    }

    public DatastoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
