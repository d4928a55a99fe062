package io.muslin.datastore;

import java.util.Optional;

/**
 * Muslin's key-value store contract, shaped after etcd v3: every key carries the revisions of
 * {@link KeyValue}; every write moves the store revision forward by one; transactions are atomic;
 * a watch from revision {@code r} delivers every change at {@code r} and after, in order, once.
 *
 * <p>Keys are '/'-separated strings; values are bytes (the resource layer stores JSON).
 */
public interface Datastore extends AutoCloseable {

    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix}, sorted by key, read at one revision. */
    ListResult list(String prefix);

    /** The keys (without values) starting with {@code prefix}, sorted. */
    java.util.List<String> keys(String prefix);

    /** Creates the key if it does not exist; returns its modification revision. */
    long create(String key, byte[] value) throws AlreadyExistsException;

    /** Replaces the value if the key is still at {@code expectedModRevision}; returns the new revision. */
    long update(String key, byte[] value, long expectedModRevision) throws RevisionConflictException;

    /** Writes the value whatever is there; returns the new revision. */
    long put(String key, byte[] value);

    /** Deletes the key if it exists; true when something was deleted. */
    boolean delete(String key);

    /** Deletes the key if it is still at {@code expectedModRevision}. */
    void delete(String key, long expectedModRevision) throws RevisionConflictException;

    /** Runs an atomic multi-key transaction. */
    TxnResult commit(Txn txn);

    /** The store's current revision. */
    long revision();

    /**
     * Watches every key under {@code prefix} from {@code fromRevision} (inclusive; 0 means "from
     * now"). The watch survives disconnects and store restarts: it resumes after the last revision it
     * delivered, so the listener sees no gap and no repeat.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /** A short description for logs and errors, e.g. the endpoints. */
    String describe();

    @Override
    void close();
}
