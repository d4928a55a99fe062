package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMConfig;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.IPReservation;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the IPAM parts share: the store (with outage handling), key layout, options and caches. */
final class IpamContext {
    final StoreCalls calls;
    final IpamKeys keys;
    final IpamOptions options;
    final ResourceStore resources;
    /** Last known state of blocks by key; only ever a hint, every write is a compare-and-swap. */
    final Map<String, BlockRef> blockCache = new ConcurrentHashMap<>();
    private final Map<String, NodeLabels> nodeLabels = new ConcurrentHashMap<>();
    private volatile Settings settings;
    /** Node-block watches of this process, told of this process's claims and releases at once. */
    final List<NodeBlockWatch> blockWatches = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record NodeLabels(Map<String, String> labels, long readAtNanos) {}

    IpamContext(Datastore store, IpamOptions options) {
        this.calls = new StoreCalls(store, options.outageDeadline());
        this.keys = new IpamKeys(options.root());
        this.options = options;
        this.resources = new ResourceStore(store, options.root());
    }

    Datastore store() {
        return calls.store();
    }

    Settings settings() {
        Settings s = settings;
        if (s == null || System.nanoTime() - s.readAtNanos() >= options.settingsTtl().toNanos()) {
            s = calls.read(this::loadSettings);
            settings = s;
        }
        return s;
    }

    void invalidateSettings() {
        settings = null;
        nodeLabels.clear();
    }

    private Settings loadSettings() {
        List<IPPool> pools = resources.list(IPPool.class).resources();
        IPAMConfig config = resources.get(IPAMConfig.class, "default").map(Stored::resource).orElse(IPAMConfig.defaults());
        List<IpPrefix> reservations = new ArrayList<>();
        for (IPReservation r : resources.list(IPReservation.class).resources()) {
            reservations.addAll(r.prefixes());
        }
        return new Settings(pools, config, reservations, System.nanoTime());
    }

    Map<String, String> labelsOf(String node) {
        NodeLabels l = nodeLabels.get(node);
        if (l == null || System.nanoTime() - l.readAtNanos() >= options.settingsTtl().toNanos()) {
            Map<String, String> labels = calls.read(() -> resources.get(Node.class, node))
                    .map(s -> s.resource().metadata().labelsOrEmpty()).orElse(Map.of());
            l = new NodeLabels(labels, System.nanoTime());
            nodeLabels.put(node, l);
        }
        return l.labels();
    }

    Optional<BlockRef> readBlock(IpPrefix cidr) {
        String key = keys.block(cidr);
        Optional<KeyValue> kv = calls.read(() -> store().get(key));
        return remember(key, kv);
    }

    Optional<BlockRef> remember(String key, Optional<KeyValue> kv) {
        if (kv.isEmpty()) {
            blockCache.remove(key);
            return Optional.empty();
        }
        BlockRef ref = BlockRef.of(kv.get());
        blockCache.merge(key, ref, (old, neu) -> neu.revision() >= old.revision() ? neu : old);
        return Optional.of(ref);
    }

    void remember(BlockRef ref) {
        remember(keys.block(ref.cidr()), ref);
    }

    /** As {@link #remember(BlockRef)}, with the block's key at hand. */
    void remember(String key, BlockRef ref) {
        blockCache.merge(key, ref, (old, neu) -> neu.revision() >= old.revision() ? neu : old);
    }

    /** The node's affinities as stored (any state). */
    List<Stored<BlockAffinity>> affinities(String node) {
        List<Stored<BlockAffinity>> out = new ArrayList<>();
        for (KeyValue kv : calls.read(() -> store().list(keys.affinities(node))).items()) {
            // Listed again each time a block fills up: parsed again only when it changed.
            Stored<BlockAffinity> s = parsedAffinities.get(kv.key());
            if (s == null || s.revision() != kv.modRevision()) {
                s = new Stored<>(Resources.fromJson(kv.value(), BlockAffinity.class), kv.modRevision());
                if (parsedAffinities.size() >= MAX_PARSED_AFFINITIES) {
                    parsedAffinities.clear();
                }
                parsedAffinities.put(kv.key(), s);
            }
            out.add(s);
        }
        return out;
    }

    private static final int MAX_PARSED_AFFINITIES = 100_000;
    private final Map<String, Stored<BlockAffinity>> parsedAffinities = new ConcurrentHashMap<>();

    /** Every block key in the store. */
    List<String> blockKeys() {
        return calls.read(() -> store().keys(keys.blocks()));
    }

    /** A claim confirmed ({@code confirmed}) or a block released by this process, committed at {@code revision}. */
    void blockChanged(String node, IpPrefix block, boolean confirmed, long revision) {
        for (NodeBlockWatch w : blockWatches) {
            if (w.node().equals(node)) {
                w.local(block, confirmed, revision);
            }
        }
    }

    static Compare handleCompare(String key, HandleRef h) {
        return h.exists() ? Compare.modRevision(key, h.revision()) : Compare.absent(key);
    }
}
