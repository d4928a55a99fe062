package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Op;
import io.muslin.datastore.Stored;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out addresses: from the node's own blocks first, then from a newly claimed block, then
 * (only when strictAffinity is off) from another node's block. Each address is one transaction:
 * the block at the revision read and the handle at the revision read, both written or neither.
 * An assignment that fails part-way gives back what it got through {@link Releaser}.
 */
final class Assigner {
    static final String ATTR_NODE = "node";
    static final String ATTR_TIMESTAMP = "timestamp";
    static final String ATTR_REQUEST = "request";

    private final IpamContext ctx;
    private final Claims claims;
    private final Releaser releaser;
    /** Confirmed blocks per node, as last read; a hint (a stale entry only costs a failed compare). */
    private final Map<String, NodeBlocks> affine = new ConcurrentHashMap<>();

    /** A confirmed block of a node, with its store key made once. */
    private record NodeBlock(IpPrefix cidr, String key) {}

    /**
     * A node's confirmed blocks, and where the last assignment found room: the next one looks
     * there first instead of walking every full block before it (a node with 100 blocks would
     * otherwise look at 100 blocks per address).
     */
    private record NodeBlocks(List<NodeBlock> blocks, java.util.concurrent.atomic.AtomicInteger cursor) {
        NodeBlocks(List<NodeBlock> blocks) {
            this(List.copyOf(blocks), new java.util.concurrent.atomic.AtomicInteger());
        }

        NodeBlocks plus(NodeBlock b) {
            List<NodeBlock> l = new ArrayList<>(blocks);
            l.add(b);
            NodeBlocks n = new NodeBlocks(l);
            n.cursor.set(l.size() - 1);
            return n;
        }
    }

    Assigner(IpamContext ctx, Claims claims, Releaser releaser) {
        this.ctx = ctx;
        this.claims = claims;
        this.releaser = releaser;
    }

    List<Assignment> assign(AssignRequest req) {
        Settings s = ctx.settings();
        Map<String, String> labels = ctx.labelsOf(req.node());
        String nonce = nonce();
        Map<String, String> secondary = new HashMap<>(req.attributes());
        secondary.put(ATTR_NODE, req.node());
        secondary.put(ATTR_TIMESTAMP, ctx.options.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        secondary.put(ATTR_REQUEST, nonce);
        // The block records only the handle; who holds it (and this request's nonce) goes to the handle record.
        Request attr = new Request(new IPAMBlock.Attribute(req.handleId(), null), Map.copyOf(secondary));
        // Optimistic: a new pod's handle does not exist yet. If it does, the first transaction fails
        // its compare and its failure branch brings the real record back.
        HandleState h = new HandleState(new HandleRef(req.handleId(), null, 0));
        List<Assignment> out = new ArrayList<>();
        try {
            assignFamily(req, false, req.ipv4(), s, labels, attr, h, out);
            assignFamily(req, true, req.ipv6(), s, labels, attr, h, out);
        } catch (RuntimeException e) {
            for (Assignment a : out) {
                try {
                    releaser.release(a.address());
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return out;
    }

    /** 64 random bits: tells this request's allocation apart from any other when a commit's outcome is unknown. */
    private static String nonce() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** What one request writes: the block attribute and the handle's holder attributes (with the nonce). */
    record Request(IPAMBlock.Attribute attribute, Map<String, String> holder) {
        String handleId() {
            return attribute.handleId();
        }

        String nonce() {
            return holder.get(ATTR_REQUEST);
        }
    }

    /** Mutable view of the handle record across the transactions of one request. */
    private static final class HandleState {
        HandleRef ref;

        HandleState(HandleRef ref) {
            this.ref = ref;
        }
    }

    private void assignFamily(AssignRequest req, boolean v6, int n, Settings s, Map<String, String> labels,
                              Request attr, HandleState h, List<Assignment> out) {
        if (n == 0) {
            return;
        }
        String fam = v6 ? "IPv6" : "IPv4";
        List<IPPool> pools = s.usable(v6, labels, req.pools());
        if (pools.isEmpty()) {
            throw new IpamException("no enabled " + fam + " pool selects node " + req.node()
                    + (req.pools().isEmpty() ? "" : " among " + req.pools()));
        }
        int remaining = n;
        boolean reloaded = false;
        Claims.NoClaim why = Claims.NoClaim.NONE;
        while (remaining > 0) {
            remaining -= fromBlocks(affineBlocks(req.node(), pools, s, reloaded, remaining), remaining, attr, h, s, false, out);
            if (remaining == 0) {
                break;
            }
            if (!reloaded) {
                reloaded = true; // another process of this node may have claimed a block: look before claiming
                continue;
            }
            if (s.config().autoAllocateBlocks()) {
                Optional<BlockRef> claimed = Optional.empty();
                for (IPPool p : pools) {
                    Claims.ClaimResult r = claims.claim(req.node(), p, s);
                    if (r.block().isPresent()) {
                        claimed = r.block();
                        break;
                    }
                    why = r.reason();
                }
                if (claimed.isPresent()) {
                    reloaded = false;
                    IpPrefix got = claimed.get().cidr();
                    affine.computeIfPresent(req.node(), (k, v) -> v.plus(new NodeBlock(got, ctx.keys.block(got))));
                    continue;
                }
            }
            if (!s.config().strictAffinity()) {
                remaining -= borrow(req.node(), pools, remaining, attr, h, s, out);
            }
            if (remaining > 0) {
                throw new IpamException("no free " + fam + " address for node " + req.node() + " in pools "
                        + pools.stream().map(p -> p.metadata().name()).toList() + ": "
                        + (why == Claims.NoClaim.HOST_LIMIT ? "node has maxBlocksPerHost="
                            + s.config().maxBlocksPerHost() + " blocks" : "pools have no unclaimed block")
                        + (s.config().strictAffinity() ? ", strictAffinity forbids borrowing" : ", nothing to borrow")
                        + (s.config().autoAllocateBlocks() ? "" : ", autoAllocateBlocks is off"));
            }
        }
    }

    /**
     * The node's blocks with free addresses, enough for {@code wanted} when there are no
     * reservations (each listed block's free ordinals all count then), starting where the last
     * assignment found room; every one of them when reservations may make free ordinals unusable.
     */
    private List<BlockRef> affineBlocks(String node, List<IPPool> pools, Settings s, boolean reload, int wanted) {
        NodeBlocks nb = affine.get(node);
        if (nb == null || reload) {
            List<NodeBlock> blocks = new ArrayList<>();
            for (Stored<BlockAffinity> a : claims.confirmed(node)) {
                IpPrefix c = IpPrefix.parse(a.resource().spec().cidr());
                blocks.add(new NodeBlock(c, ctx.keys.block(c)));
            }
            nb = new NodeBlocks(blocks);
            affine.put(node, nb);
        }
        boolean countable = s.reservedOrNull() == null;
        List<BlockRef> out = new ArrayList<>(2);
        int size = nb.blocks().size();
        int start = Math.floorMod(nb.cursor().get(), Math.max(size, 1));
        int free = 0;
        for (int i = 0; i < size && (!countable || free < wanted); i++) {
            int at = (start + i) % size;
            NodeBlock b = nb.blocks().get(at);
            if (!s.inAny(pools, b.cidr())) {
                continue;
            }
            BlockRef ref = ctx.blockCache.get(b.key());
            if (ref == null) {
                Optional<BlockRef> read = ctx.readBlock(b.cidr());
                if (read.isEmpty()) {
                    continue;
                }
                ref = read.get();
            }
            int unallocated = ref.block().spec().unallocated().size();
            if (unallocated > 0 && node.equals(ref.block().affinityNode())) {
                if (out.isEmpty()) {
                    nb.cursor().set(at);
                }
                out.add(ref);
                free += unallocated;
            }
        }
        return out;
    }

    private int borrow(String node, List<IPPool> pools, int n, Request attr, HandleState h, Settings s,
                       List<Assignment> out) {
        List<BlockRef> candidates = new ArrayList<>();
        for (String key : ctx.blockKeys()) {
            Optional<KeyValue> kv = ctx.calls.read(() -> ctx.store().get(key));
            if (kv.isEmpty()) {
                continue;
            }
            BlockRef ref = BlockRef.of(kv.get());
            if (!node.equals(ref.block().affinityNode()) && s.inAny(pools, ref.cidr())
                    && BlockOps.freeCount(ref.block(), s::reserved) > 0) {
                candidates.add(ref);
            }
        }
        return fromBlocks(candidates, n, attr, h, s, true, out);
    }

    /** Takes up to {@code n} addresses from these blocks; returns how many it got. */
    private int fromBlocks(List<BlockRef> blocks, int n, Request attr, HandleState h, Settings s,
                           boolean borrowed, List<Assignment> out) {
        int got = 0;
        for (BlockRef start : blocks) {
            BlockRef ref = start;
            String owner = start.block().affinityNode();
            while (got < n && ref != null && java.util.Objects.equals(owner, ref.block().affinityNode())) {
                int ord = BlockOps.firstFree(ref.cidr(), ref.block(), s.reservedOrNull());
                if (ord < 0) {
                    break;
                }
                Outcome o = tryAssign(ref, ord, attr, h);
                ref = o.block();
                if (o.assigned()) {
                    got++;
                    out.add(new Assignment(ref.cidr().addressAt(ord), ref.cidr(), borrowed));
                }
            }
            if (got == n) {
                break;
            }
        }
        return got;
    }

    private record Outcome(boolean assigned, BlockRef block) {}

    private Outcome tryAssign(BlockRef ref, int ord, Request attr, HandleState h) {
        String blockKey = ctx.keys.block(ref.cidr());
        String handleKey = ctx.keys.handle(attr.handleId());
        IPAMBlock next = BlockOps.allocate(ref.block(), ord, attr.attribute());
        IPAMHandle nextHandle = h.ref.plus(ref.cidr().toString(), 1, attr.holder());
        Optional<TxnResult> r = ctx.calls.commit(Txn.builder()
                .when(Compare.modRevision(blockKey, ref.revision()))
                .when(IpamContext.handleCompare(handleKey, h.ref))
                .then(Op.put(blockKey, Resources.toJson(next)))
                .then(Op.put(handleKey, HandleRef.json(nextHandle)))
                .otherwise(Op.get(blockKey))
                .otherwise(Op.get(handleKey))
                .build());
        if (r.isPresent() && r.get().succeeded()) {
            long rev = r.get().revision();
            BlockRef nref = new BlockRef(ref.cidr(), next, rev);
            ctx.remember(blockKey, nref);
            h.ref = new HandleRef(attr.handleId(), nextHandle, rev);
            return new Outcome(true, nref);
        }
        if (r.isPresent()) {
            h.ref = HandleRef.of(attr.handleId(), r.get().reads().get(1));
            return new Outcome(false, ctx.remember(blockKey, r.get().reads().get(0)).orElse(null));
        }
        // Outcome unknown: read back. Block and handle are written together, so the ordinal held by this
        // handle and the handle carrying this request's nonce mean the transaction was applied.
        Optional<BlockRef> now = ctx.readBlock(ref.cidr());
        h.ref = HandleRef.of(attr.handleId(), ctx.calls.read(() -> ctx.store().get(handleKey)));
        if (now.isPresent()) {
            IPAMBlock.Attribute at = BlockOps.attributeAt(now.get().block(), ord);
            if (at != null && attr.handleId().equals(at.handleId()) && attr.nonce().equals(h.ref.request())) {
                return new Outcome(true, now.get());
            }
        }
        return new Outcome(false, now.orElse(null));
    }

    /** Assigns one specific address (e.g. a static pod IP or a tunnel address asked for by value). */
    Assignment assignSpecific(IpAddress ip, String handleId, Map<String, String> attributes, String node) {
        Settings s = ctx.settings();
        if (s.reserved(ip)) {
            throw new IpamException(ip + " is reserved");
        }
        IPPool pool = s.pools().stream().filter(p -> s.cidr(p).contains(ip)).findFirst()
                .orElseThrow(() -> new IpamException(ip + " is in no pool"));
        if (pool.disabled()) {
            throw new IpamException(ip + " is in disabled pool " + pool.metadata().name());
        }
        IpPrefix blockCidr = IpPrefix.of(ip, pool.blockSize());
        Map<String, String> secondary = new HashMap<>(attributes);
        secondary.put(ATTR_NODE, node);
        secondary.put(ATTR_TIMESTAMP, ctx.options.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        secondary.put(ATTR_REQUEST, nonce());
        Request attr = new Request(new IPAMBlock.Attribute(handleId, null), Map.copyOf(secondary));
        HandleState h = new HandleState(HandleRef.of(handleId, ctx.calls.read(() -> ctx.store().get(ctx.keys.handle(handleId)))));
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<BlockRef> ref = ctx.readBlock(blockCidr);
            if (ref.isEmpty()) {
                Optional<BlockRef> claimed = claims.tryClaim(node, blockCidr);
                affine.remove(node);
                if (claimed.isEmpty()) {
                    continue;
                }
                ref = claimed;
            }
            String owner = ref.get().block().affinityNode();
            if (s.config().strictAffinity() && !node.equals(owner)) {
                throw new IpamException(ip + " is in block " + blockCidr + " of node " + owner
                        + " and strictAffinity forbids borrowing");
            }
            int ord = (int) ref.get().cidr().ordinalOf(ip);
            IPAMBlock.Attribute holder = BlockOps.attributeAt(ref.get().block(), ord);
            if (holder != null) {
                throw new IpamException(ip + " is already assigned to handle " + holder.handleId());
            }
            Outcome o = tryAssign(ref.get(), ord, attr, h);
            if (o.assigned()) {
                return new Assignment(ip, blockCidr, !node.equals(owner));
            }
        }
        throw new IpamException("could not assign " + ip + ": block " + blockCidr + " kept changing");
    }

    void forget(String node) {
        affine.remove(node);
    }

    /** Node → confirmed block CIDRs that the agent should advertise. */
    List<IpPrefix> advertisable(String node) {
        List<IpPrefix> out = new ArrayList<>();
        for (Stored<BlockAffinity> a : claims.confirmed(node)) {
            out.add(IpPrefix.parse(a.resource().spec().cidr()));
        }
        return out;
    }
}
