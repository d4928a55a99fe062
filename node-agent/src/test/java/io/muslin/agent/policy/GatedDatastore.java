package io.muslin.agent.policy;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store whose lists under one prefix fail (as if etcd were away for them) until {@link #open()}. */
final class GatedDatastore implements Datastore {
    private final Datastore inner;
    private final String gatedPrefix;
    private volatile boolean open;
    final AtomicInteger refusedLists = new AtomicInteger();

    GatedDatastore(Datastore inner, String gatedPrefix) {
        this.inner = inner;
        this.gatedPrefix = gatedPrefix;
    }

    void open() {
        open = true;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return inner.get(key);
    }

    @Override
    public ListResult list(String prefix) {
        if (!open && prefix.startsWith(gatedPrefix)) {
            refusedLists.incrementAndGet();
            throw new DatastoreUnavailableException("gated: list " + prefix, false, null);
        }
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
        return "gated " + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
