package io.muslin.agent.policy;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.ForwardingDatastore;
import io.muslin.datastore.ListResult;
import java.util.concurrent.atomic.AtomicInteger;

/** A store whose lists under one prefix fail (as if etcd were away for them) until {@link #open()}. */
final class GatedDatastore extends ForwardingDatastore {
    private final String gatedPrefix;
    private volatile boolean open;
    final AtomicInteger refusedLists = new AtomicInteger();

    GatedDatastore(Datastore inner, String gatedPrefix) {
        super(inner);
        this.gatedPrefix = gatedPrefix;
    }

    void open() {
        open = true;
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
    public String describe() {
        return "gated " + inner.describe();
    }
}
