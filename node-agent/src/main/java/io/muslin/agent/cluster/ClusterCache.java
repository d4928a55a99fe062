package io.muslin.agent.cluster;

import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.cache.Informer;
import io.muslin.datastore.cache.InformerListener;
import io.muslin.datastore.cache.InformerStats;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPFilter;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers (list-then-watch caches) over Node, BGPPeer, BGPConfiguration, Secret, IPPool and
 * BGPFilter.
 * After each informer's first list and after every batch of changes, {@code changed} is called
 * (on that informer's thread; it should only schedule work). Reads are consistent per kind.
 */
public final class ClusterCache implements ClusterState, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterCache.class);

    private final Informer<Node> nodes;
    private final Informer<BGPPeer> bgpPeers;
    private final Informer<BGPConfiguration> bgpConfigurations;
    private final Informer<Secret> secrets;
    private final Informer<IPPool> pools;
    private final Informer<BGPFilter> filters;
    private final List<Informer<?>> all;

    /**
     * @param changed told the kind that changed ({@code Node}, ...), after a first list or a batch
     * @param connection told when the store goes away or comes back, with the reason
     */
    public ClusterCache(ResourceStore store, Runnable changed, BiConsumer<Boolean, String> connection) {
        nodes = Informer.start(store, Node.class, listener("Node", changed, connection));
        bgpPeers = Informer.start(store, BGPPeer.class, listener("BGPPeer", changed, connection));
        bgpConfigurations = Informer.start(store, BGPConfiguration.class, listener("BGPConfiguration", changed, connection));
        secrets = Informer.start(store, Secret.class, listener("Secret", changed, connection));
        pools = Informer.start(store, IPPool.class, listener("IPPool", changed, connection));
        filters = Informer.start(store, BGPFilter.class, listener("BGPFilter", changed, connection));
        all = List.of(nodes, bgpPeers, bgpConfigurations, secrets, pools, filters);
    }

    private static <R extends Resource> InformerListener<R> listener(String kind, Runnable changed,
                                                                    BiConsumer<Boolean, String> connection) {
        return new InformerListener<>() {
            @Override
            public void onBatchEnd(long revision) {
                changed.run();
            }

            @Override
            public void onSynced(io.muslin.datastore.cache.CacheSnapshot<R> snapshot) {
                changed.run();
            }

            @Override
            public void onConnectionChange(boolean connected, String reason) {
                connection.accept(connected, kind + " watch: " + reason);
            }

            @Override
            public void onUndecodable(String key, long revision, String reason) {
                log.warn("{} {} at revision {} is not valid and is ignored: {}", kind, key, revision, reason);
            }
        };
    }

    /** True once every informer has its first list. */
    public boolean synced() {
        return all.stream().allMatch(Informer::synced);
    }

    /** Waits until every informer has its first list; false when {@code timeout} ran out first. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Informer<?> i : all) {
            long left = end - System.nanoTime();
            if (left <= 0 || !i.awaitSynced(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Node> nodes() {
        return nodes.snapshot().resources();
    }

    @Override
    public Optional<Node> node(String name) {
        return nodes.snapshot().get(name).map(s -> s.resource());
    }

    @Override
    public List<BGPPeer> bgpPeers() {
        return bgpPeers.snapshot().resources();
    }

    @Override
    public List<BGPConfiguration> bgpConfigurations() {
        return bgpConfigurations.snapshot().resources();
    }

    @Override
    public List<IPPool> pools() {
        return pools.snapshot().resources();
    }

    /** The BGPFilter resources by name. */
    @Override
    public Map<String, BGPFilter> bgpFilters() {
        Map<String, BGPFilter> out = new HashMap<>();
        filters.snapshot().resources().forEach(f -> out.put(f.metadata().name(), f));
        return out;
    }

    /** The secret {@code namespace/name}, if the cache has it. */
    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.snapshot().get(namespace, name).map(s -> s.resource());
    }

    /** Every informer's counters (for watch lag and reconnects). */
    public List<InformerStats> stats() {
        List<InformerStats> out = new ArrayList<>();
        for (Informer<?> i : all) {
            out.add(i.stats());
        }
        return out;
    }

    @Override
    public void close() {
        for (Informer<?> i : all) {
            i.close();
        }
    }
}
