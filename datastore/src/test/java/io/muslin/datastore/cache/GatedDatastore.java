package io.muslin.datastore.cache;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.ForwardingDatastore;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store wrapper whose watches a test can cut off and then resume as etcd resumes a watch whose
 * history was compacted meanwhile ({@code onCompacted}), on any store: the same informer
 * behaviour is checked against the file store, the in-memory store and etcd. Everything else
 * passes straight through.
 */
final class GatedDatastore extends ForwardingDatastore {
    private final List<Gate> gates = new CopyOnWriteArrayList<>();

    GatedDatastore(Datastore inner) {
        super(inner);
    }

    /** One watch through the gate. */
    private final class Gate implements Watch {
        final WatchListener listener;
        volatile Watch live;

        Gate(WatchListener listener) {
            this.listener = listener;
        }

        @Override
        public long lastRevision() {
            return live == null ? 0 : live.lastRevision();
        }

        @Override
        public void requestProgress() {
            Watch w = live;
            if (w != null) {
                w.requestProgress();
            }
        }

        @Override
        public void close() {
            Watch w = live;
            if (w != null) {
                w.close();
            }
            gates.remove(this);
        }
    }

    /** Stops every watch through the gate and tells its listener the store is gone. */
    void cut() {
        for (Gate g : gates) {
            g.live.close();
            g.listener.onConnectionChange(false, "cut off by the test");
        }
    }

    /** Tells every cut-off watch what a resumed etcd watch says when its history is gone. */
    void resumeCompacted() {
        long rev = inner.revision();
        for (Gate g : gates) {
            gates.remove(g);
            g.listener.onCompacted(rev);
        }
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Gate g = new Gate(listener);
        g.live = inner.watch(prefix, fromRevision, listener);
        gates.add(g);
        return g;
    }

    @Override
    public String describe() {
        return "gated " + inner.describe();
    }
}
