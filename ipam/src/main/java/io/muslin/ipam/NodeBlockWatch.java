package io.muslin.ipam;

import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.Stored;
import io.muslin.datastore.cache.CacheSnapshot;
import io.muslin.datastore.cache.Informer;
import io.muslin.datastore.cache.InformerListener;
import io.muslin.datastore.cache.InformerOptions;
import io.muslin.datastore.cache.InformerStats;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A node's confirmed blocks, kept current from the store: an {@link Informer} over the node's
 * affinity keys ({@code <root>ipam/affinities/<node>/}), so a claim confirmed by any process —
 * a CNI ADD in another process included — reaches the listener as soon as etcd delivers it.
 * Claims and releases made through an {@link Ipam} of this process are told at once as well,
 * before the store's echo. Both paths carry the store revision of the change, and a change older
 * than what is known for that block is ignored, so the two never undo each other.
 */
public final class NodeBlockWatch implements AutoCloseable {
    private final IpamContext ctx;
    private final String node;
    private final NodeBlockListener listener;
    private Informer<BlockAffinity> informer;
    /** Per block: confirmed or not, and the revision that said so. */
    private final Map<IpPrefix, Known> known = new HashMap<>();
    private List<IpPrefix> told;
    private boolean synced;

    private record Known(boolean confirmed, long revision) {}

    private NodeBlockWatch(IpamContext ctx, String node, NodeBlockListener listener) {
        this.ctx = ctx;
        this.node = node;
        this.listener = listener;
    }

    static NodeBlockWatch start(IpamContext ctx, String node, NodeBlockListener listener, InformerOptions options) {
        NodeBlockWatch w = new NodeBlockWatch(ctx, node, listener);
        ctx.blockWatches.add(w);
        w.informer = Informer.start(ctx.store(), ctx.keys.affinities(node), kv -> {
            BlockAffinity a = Resources.fromJson(kv.value(), BlockAffinity.class);
            a.requireValid();
            return new Stored<>(a, kv.modRevision());
        }, w.new Events(), options);
        return w;
    }

    public String node() {
        return node;
    }

    /** The confirmed blocks as last told (empty before the first list). */
    public synchronized List<IpPrefix> blocks() {
        return told == null ? List.of() : told;
    }

    /** Waits for the first list (and the first call of the listener). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return informer.awaitSynced(timeout);
    }

    /** The underlying informer's counters (reconnects, re-lists, lag). */
    public InformerStats stats() {
        return informer.stats();
    }

    /** A change made through an Ipam of this process: the claim or release committed at {@code revision}. */
    void local(IpPrefix block, boolean confirmed, long revision) {
        update(List.of(new Change(block, confirmed, revision)));
    }

    private record Change(IpPrefix block, boolean confirmed, long revision) {}

    private synchronized void update(List<Change> changes) {
        for (Change c : changes) {
            Known k = known.get(c.block());
            if (k == null || c.revision() > k.revision()) {
                known.put(c.block(), new Known(c.confirmed(), c.revision()));
            }
        }
        tell();
    }

    private synchronized void markSynced() {
        synced = true;
        tell();
    }

    /** Calls the listener when the confirmed set differs from what it was told last. */
    private void tell() {
        if (!synced) {
            return;
        }
        TreeSet<IpPrefix> now = new TreeSet<>();
        known.forEach((b, k) -> {
            if (k.confirmed()) {
                now.add(b);
            }
        });
        List<IpPrefix> blocks = List.copyOf(now);
        if (!blocks.equals(told)) {
            told = blocks;
            listener.onBlocks(node, blocks);
        }
    }

    /** Turns the informer's affinity changes into block changes. */
    private final class Events implements InformerListener<BlockAffinity> {
        @Override
        public void onEvents(List<ResourceEvent<BlockAffinity>> events, long revision) {
            List<Change> changes = new ArrayList<>(events.size());
            for (ResourceEvent<BlockAffinity> e : events) {
                switch (e) {
                    case ResourceEvent.Added<BlockAffinity> a -> changes.add(change(a.current(), e.revision()));
                    case ResourceEvent.Modified<BlockAffinity> m -> changes.add(change(m.current(), e.revision()));
                    case ResourceEvent.Deleted<BlockAffinity> d ->
                            d.previous().ifPresent(p -> changes.add(new Change(p.resource().cidr(), false, d.revision())));
                }
            }
            update(changes);
        }

        private Change change(Stored<BlockAffinity> s, long revision) {
            BlockAffinity a = s.resource();
            return new Change(a.cidr(), a.confirmed() && node.equals(a.spec().node()), revision);
        }

        @Override
        public void onSynced(CacheSnapshot<BlockAffinity> snapshot) {
            markSynced();
        }

        @Override
        public void onConnectionChange(boolean connected, String reason) {
            listener.onConnectionChange(connected, reason);
        }
    }

    @Override
    public void close() {
        ctx.blockWatches.remove(this);
        informer.close();
    }
}
