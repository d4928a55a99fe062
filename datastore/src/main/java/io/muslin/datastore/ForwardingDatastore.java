package io.muslin.datastore;

import java.util.List;
import java.util.Optional;

/**
 * A {@link Datastore} that passes every call to another one: the base of a wrapper that changes
 * only some calls (a store that fails on purpose, counts, or cuts its watches), which overrides just
 * those.
 */
public abstract class ForwardingDatastore implements Datastore {
    protected final Datastore inner;

    protected ForwardingDatastore(Datastore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return inner.get(key);
    }

    @Override
    public ListResult list(String prefix) {
        return inner.list(prefix);
    }

    @Override
    public List<String> keys(String prefix) {
        return inner.keys(prefix);
    }

    @Override
    public long create(String key, byte[] value) {
        return inner.create(key, value);
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        return inner.update(key, value, expectedModRevision);
    }

    @Override
    public long put(String key, byte[] value) {
        return inner.put(key, value);
    }

    @Override
    public boolean delete(String key) {
        return inner.delete(key);
    }

    @Override
    public void delete(String key, long expectedModRevision) {
        inner.delete(key, expectedModRevision);
    }

    @Override
    public TxnResult commit(Txn txn) {
        return inner.commit(txn);
    }

    @Override
    public long revision() {
        return inner.revision();
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return inner.watch(prefix, fromRevision, listener);
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
