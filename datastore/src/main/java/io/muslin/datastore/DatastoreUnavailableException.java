package io.muslin.datastore;

/**
 * The store could not be reached within the configured time (etcd down, no leader, network).
 * {@link #mayHaveCommitted()} is true when a write was sent and its outcome is unknown: the caller
 * must read back before assuming either way.
 */
public class DatastoreUnavailableException extends DatastoreException {
    private final boolean mayHaveCommitted;

    public DatastoreUnavailableException(String message, boolean mayHaveCommitted, Throwable cause) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
    }

    public boolean mayHaveCommitted() {
        return mayHaveCommitted;
    }
}
