package io.muslin.ipam;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Stored;
import io.muslin.datastore.cache.InformerOptions;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.FieldError;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.ValidationException;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IPAM library's entry point, over any {@link Datastore}. Thread-safe; several instances (in
 * several processes) may work on one store at once — correctness never depends on caches, only on
 * compare-and-swap transactions.
 */
public final class Ipam {
    private final IpamContext ctx;
    private final Claims claims;
    private final Assigner assigner;
    private final Releaser releaser;
    private final Maintenance maintenance;
    private final Consistency consistency;

    public Ipam(Datastore store, IpamOptions options) {
        this.ctx = new IpamContext(store, options);
        this.claims = new Claims(ctx);
        this.releaser = new Releaser(ctx);
        this.assigner = new Assigner(ctx, claims, releaser);
        this.maintenance = new Maintenance(ctx, claims, assigner, releaser);
        this.consistency = new Consistency(ctx);
    }

    public Ipam(Datastore store) {
        this(store, IpamOptions.defaults());
    }

    public IpamKeys keys() {
        return ctx.keys;
    }

    // ---- pools

    /** Creates a pool after checking it on its own and against the existing pools (no overlap). */
    public IPPool createPool(IPPool pool) {
        pool.requireValid();
        List<IPPool> all = new ArrayList<>(ctx.calls.read(() -> ctx.resources.list(IPPool.class)).resources());
        all.add(pool);
        List<FieldError> overlaps = IPPool.overlaps(all);
        if (!overlaps.isEmpty()) {
            throw new ValidationException("IPPool " + pool.metadata().name(), overlaps);
        }
        IPPool created = ctx.resources.create(pool).resource();
        ctx.invalidateSettings();
        return created;
    }

    /** Disables or enables a pool: a disabled pool gives no new addresses and no new blocks. */
    public void setPoolDisabled(String name, boolean disabled) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Stored<IPPool> p = ctx.calls.read(() -> ctx.resources.get(IPPool.class, name))
                    .orElseThrow(() -> new IpamException("no pool named " + name));
            try {
                ctx.resources.update(p.resource().withDisabled(disabled), p.revision());
                ctx.invalidateSettings();
                return;
            } catch (io.muslin.datastore.RevisionConflictException e) {
                // changed meanwhile; read again
            }
        }
        throw new IpamException("pool " + name + " kept changing");
    }

    public List<IPPool> pools() {
        return ctx.settings().pools();
    }

    /** Forgets cached pools, config, reservations and node labels (call after changing them elsewhere). */
    public void refreshSettings() {
        ctx.invalidateSettings();
    }

    // ---- addresses

    /** Assigns addresses for a pod; all or nothing. */
    public List<Assignment> autoAssign(AssignRequest request) {
        return assigner.assign(request);
    }

    /** Assigns one specific address to a handle. */
    public Assignment assignIp(IpAddress ip, String handleId, Map<String, String> attributes, String node) {
        return assigner.assignSpecific(ip, handleId, attributes, node);
    }

    /** Releases everything the handle holds; returns the number of addresses freed. */
    public int releaseByHandle(String handleId) {
        return releaser.releaseHandle(handleId);
    }

    /** Releases one address; false when it was not assigned. */
    public boolean releaseAddress(IpAddress ip) {
        return releaser.release(ip);
    }

    public List<IpAddress> addressesOf(String handleId) {
        return releaser.addressesOf(handleId);
    }

    /** Every allocation in every block. */
    public List<Allocation> allocations() {
        return maintenance.allocations();
    }

    // ---- blocks

    /** Claims one more block of the named pool for the node (normally done by autoAssign). */
    public Optional<IpPrefix> claimBlock(String node, String poolName) {
        Settings s = ctx.settings();
        IPPool pool = s.pool(poolName).orElseThrow(() -> new IpamException("no pool named " + poolName));
        if (pool.disabled()) {
            throw new IpamException("pool " + poolName + " is disabled");
        }
        return claims.claim(node, pool, s).block().map(BlockRef::cidr);
    }

    /** Releases the node's block if it is empty; false when addresses are still in it. */
    public boolean releaseBlock(String node, IpPrefix block) {
        boolean ok = claims.releaseEmpty(node, block);
        assigner.forget(node);
        return ok;
    }

    /** The node's confirmed blocks — the only ones it may advertise. Pending claims are never listed. */
    public List<IpPrefix> advertisableBlocks(String node) {
        return assigner.advertisable(node);
    }

    /**
     * Tells {@code listener} the node's confirmed blocks at start and after every change — a claim
     * confirmed or a block released by any process, through the store's watch, and by this
     * {@code Ipam} at once — with the connection state while the store is away. Close the returned
     * watch to stop.
     */
    public NodeBlockWatch watchNodeBlocks(String node, NodeBlockListener listener) {
        return watchNodeBlocks(node, listener, InformerOptions.defaults());
    }

    public NodeBlockWatch watchNodeBlocks(String node, NodeBlockListener listener, InformerOptions options) {
        return NodeBlockWatch.start(ctx, node, listener, options);
    }

    // ---- lifecycle and operations

    /** What {@link #releaseNode} did. */
    public record NodeRelease(String node, int addressesReleased, int blocksReleased, int blocksOrphaned) {}

    /** What {@link #drainPool} did and what is left in the pool. */
    public record DrainResult(String pool, int blocksReleased, int blocksInUse, int addressesInUse) {
        public boolean drained() {
            return blocksInUse == 0;
        }
    }

    /** What {@link #garbageCollect} did. */
    public record GcResult(int addressesReleased, int addressesInGrace, int staleClaimsRemoved) {}

    /** A node left the cluster: frees its addresses (also borrowed ones), its blocks and its claims. */
    public NodeRelease releaseNode(String node) {
        return maintenance.releaseNode(node);
    }

    /** Releases the empty blocks of a disabled pool; repeat after pods leave until {@code drained()}. */
    public DrainResult drainPool(String poolName) {
        return maintenance.drain(poolName);
    }

    /**
     * Releases addresses whose owner is gone ({@code liveness} says no) and that were assigned more
     * than {@code grace} ago; removes claims left pending or half-released for longer than {@code grace}
     * (measured between calls on this instance).
     */
    public GcResult garbageCollect(Liveness liveness, Duration grace) {
        return maintenance.gc(liveness, grace);
    }

    /**
     * A garbage collector for {@code node}'s leaked addresses and surplus empty blocks (and, run by
     * one agent, for departed nodes) that releases nothing on one observation: see {@link NodeCollector}.
     * Keep the instance: it remembers what it saw.
     */
    public NodeCollector nodeCollector(String node, Duration grace) {
        return new NodeCollector(ctx, claims, releaser, maintenance, node, grace);
    }

    /** The node's IPIP tunnel address (assigned once, kept; recorded in its Node resource if there is one). */
    public IpAddress tunnelAddress(String node) {
        return maintenance.tunnelAddress(node);
    }

    public ConsistencyReport checkConsistency() {
        return consistency.check();
    }

    public ConsistencyReport repair() {
        return consistency.repair();
    }

    /** Pools, blocks and per-node usage. */
    public UsageReport usage() {
        Settings s = ctx.settings();
        List<UsageReport.BlockUsage> blocks = new ArrayList<>();
        Map<String, int[]> perNode = new TreeMap<>();
        Map<String, long[]> perPool = new TreeMap<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.blocks())).items()) {
            BlockRef ref = BlockRef.of(kv);
            String owner = ref.block().affinityNode();
            int allocated = BlockOps.allocatedCount(ref.block());
            String pool = s.poolOf(ref.cidr()).map(p -> p.metadata().name()).orElse(null);
            blocks.add(new UsageReport.BlockUsage(ref.cidr().toString(), owner, ref.block().spec().allocations().size(),
                    allocated, pool));
            if (owner != null) {
                perNode.computeIfAbsent(owner, k -> new int[3])[0]++;
            }
            if (pool != null) {
                long[] pu = perPool.computeIfAbsent(pool, k -> new long[2]);
                pu[0]++;
                pu[1] += allocated;
            }
        }
        for (Allocation a : maintenance.allocations()) {
            String forNode = a.node().orElse(a.blockOwner());
            if (forNode == null) {
                continue;
            }
            int[] nu = perNode.computeIfAbsent(forNode, k -> new int[3]);
            nu[1]++;
            if (!forNode.equals(a.blockOwner())) {
                nu[2]++;
            }
        }
        List<UsageReport.PoolUsage> pools = new ArrayList<>();
        for (IPPool p : s.pools()) {
            long[] pu = perPool.getOrDefault(p.metadata().name(), new long[2]);
            long capacity = p.cidr().size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            pools.add(new UsageReport.PoolUsage(p.metadata().name(), p.cidr().toString(), p.blockSize(), p.disabled(),
                    (int) pu[0], capacity, pu[1]));
        }
        List<UsageReport.NodeUsage> nodes = new ArrayList<>();
        perNode.forEach((n, v) -> nodes.add(new UsageReport.NodeUsage(n, v[0], v[1], v[2])));
        return new UsageReport(pools, blocks, nodes);
    }

    /** Every affinity in the store with its state (for status pages). */
    public List<BlockAffinity> affinities() {
        return ctx.calls.read(() -> ctx.store().list(ctx.keys.affinities())).items().stream()
                .map(kv -> Resources.fromJson(kv.value(), BlockAffinity.class)).toList();
    }
}
