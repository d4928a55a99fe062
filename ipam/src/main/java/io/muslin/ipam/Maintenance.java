package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Op;
import io.muslin.datastore.Stored;
import io.muslin.datastore.Txn;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Node removal, pool drain, garbage collection and tunnel addresses. */
final class Maintenance {
    static final String TUNNEL_PREFIX = "ipip-tunnel-addr-";

    private final IpamContext ctx;
    private final Claims claims;
    private final Assigner assigner;
    private final Releaser releaser;
    /** Stale pending affinities first seen at (key@revision → time); removed once older than the grace period. */
    private final Map<String, Instant> staleSeen = new HashMap<>();

    Maintenance(IpamContext ctx, Claims claims, Assigner assigner, Releaser releaser) {
        this.ctx = ctx;
        this.claims = claims;
        this.assigner = assigner;
        this.releaser = releaser;
    }

    /** Every allocation in every block. */
    List<Allocation> allocations() {
        // Holder attributes live in the handle records; per-address secondary attributes in a block
        // (as Calico writes them) are honoured too, the handle's win.
        Map<String, Map<String, String>> holders = new HashMap<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.handles())).items()) {
            IPAMHandle h = Resources.fromJson(kv.value(), IPAMHandle.class);
            holders.put(h.spec().handleID(), h.spec().attributesOrEmpty());
        }
        List<Allocation> out = new ArrayList<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.blocks())).items()) {
            BlockRef ref = BlockRef.of(kv);
            List<Integer> al = ref.block().spec().allocations();
            for (int i = 0; i < al.size(); i++) {
                IPAMBlock.Attribute a = BlockOps.attributeAt(ref.block(), i);
                if (a != null) {
                    Map<String, String> attrs = new HashMap<>(a.secondary() == null ? Map.of() : a.secondary());
                    attrs.putAll(holders.getOrDefault(a.handleId(), Map.of()));
                    out.add(new Allocation(ref.cidr().addressAt(i), ref.cidr(), ref.block().affinityNode(), a.handleId(),
                            Map.copyOf(attrs)));
                }
            }
        }
        return out;
    }

    Ipam.NodeRelease releaseNode(String node) {
        int addresses = 0;
        // Addresses assigned for this node, wherever they are (its blocks and borrowed ones).
        for (Allocation a : allocations()) {
            // Whose pod is it: the node recorded at assignment; a borrower's pod in this node's block stays.
            boolean mine = node.equals(a.node().orElse(a.blockOwner()));
            if (mine && releaser.release(a.address())) {
                addresses++;
            }
        }
        int blocks = 0;
        int orphaned = 0;
        for (Stored<BlockAffinity> a : ctx.affinities(node)) {
            IpPrefix c = IpPrefix.parse(a.resource().spec().cidr());
            if (claims.releaseEmpty(node, c)) {
                blocks++;
            } else if (claims.orphan(node, c)) {
                orphaned++;
            }
        }
        assigner.forget(node);
        return new Ipam.NodeRelease(node, addresses, blocks, orphaned);
    }

    Ipam.DrainResult drain(String poolName) {
        Settings s = ctx.settings();
        IPPool pool = s.pool(poolName).orElseThrow(() -> new IpamException("no pool named " + poolName));
        if (!pool.disabled()) {
            throw new IpamException("pool " + poolName + " is not disabled; disable it first so no new addresses come from it");
        }
        int released = 0;
        int inUse = 0;
        int stillAllocated = 0;
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.blocks())).items()) {
            BlockRef ref = BlockRef.of(kv);
            if (!pool.cidr().contains(ref.cidr())) {
                continue;
            }
            String owner = ref.block().affinityNode();
            if (BlockOps.isEmpty(ref.block())) {
                boolean ok = owner != null ? claims.releaseEmpty(owner, ref.cidr()) : deleteOrphanIfEmpty(ref);
                if (ok) {
                    released++;
                    continue;
                }
            }
            inUse++;
            stillAllocated += BlockOps.allocatedCount(ref.block());
        }
        return new Ipam.DrainResult(poolName, released, inUse, stillAllocated);
    }

    private boolean deleteOrphanIfEmpty(BlockRef ref) {
        String key = ctx.keys.block(ref.cidr());
        return ctx.calls.commit(Txn.builder().when(Compare.modRevision(key, ref.revision())).then(Op.delete(key)).build())
                .map(r -> r.succeeded()).orElse(false);
    }

    Ipam.GcResult gc(Liveness liveness, Duration grace) {
        Instant now = ctx.options.clock().now();
        int released = 0;
        int waiting = 0;
        for (Allocation a : allocations()) {
            if (a.handleId() != null && a.handleId().startsWith(TUNNEL_PREFIX)) {
                continue;
            }
            if (liveness.isLive(a)) {
                continue;
            }
            Optional<Instant> at = a.assignedAt();
            if (at.isPresent() && Duration.between(at.get(), now).compareTo(grace) < 0) {
                waiting++;
                continue;
            }
            if (releaser.release(a.address())) {
                released++;
            }
        }
        int staleClaims = 0;
        Set<String> seenNow = new TreeSet<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.affinities())).items()) {
            BlockAffinity aff = Resources.fromJson(kv.value(), BlockAffinity.class);
            if (BlockAffinity.CONFIRMED.equals(aff.spec().state())) {
                continue;
            }
            IpPrefix c = IpPrefix.parse(aff.spec().cidr());
            Optional<BlockRef> block = ctx.readBlock(c);
            boolean stale = block.isEmpty() || !aff.spec().node().equals(block.get().block().affinityNode())
                    || BlockAffinity.PENDING_DELETION.equals(aff.spec().state());
            if (!stale) {
                continue;
            }
            String id = kv.key() + "@" + kv.modRevision();
            seenNow.add(id);
            Instant first = staleSeen.computeIfAbsent(id, k -> now);
            if (Duration.between(first, now).compareTo(grace) < 0) {
                continue;
            }
            if (BlockAffinity.PENDING_DELETION.equals(aff.spec().state()) && block.isPresent()
                    && aff.spec().node().equals(block.get().block().affinityNode())) {
                // An interrupted release: finish it if the block is empty, else put the claim back.
                if (!claims.releaseEmpty(aff.spec().node(), c)) {
                    ctx.calls.commit(Txn.builder().when(Compare.modRevision(kv.key(), kv.modRevision()))
                            .then(Op.put(kv.key(), Resources.toJson(aff.withState(BlockAffinity.CONFIRMED)))).build());
                }
                staleClaims++;
                continue;
            }
            boolean deleted = ctx.calls.commit(Txn.builder().when(Compare.modRevision(kv.key(), kv.modRevision()))
                    .then(Op.delete(kv.key())).build()).map(r -> r.succeeded()).orElse(false);
            if (deleted) {
                staleClaims++;
            }
        }
        staleSeen.keySet().retainAll(seenNow);
        return new Ipam.GcResult(released, waiting, staleClaims);
    }

    /** The node's tunnel address: the one it holds, or a new one from its blocks (recorded in its Node resource). */
    IpAddress tunnelAddress(String node) {
        String handle = TUNNEL_PREFIX + node;
        List<IpAddress> have = releaser.addressesOf(handle);
        IpAddress ip;
        if (!have.isEmpty()) {
            ip = have.getFirst();
        } else {
            ip = assigner.assign(new AssignRequest(handle, node, Map.of("type", "ipipTunnelAddress"), 1, 0, List.of()))
                    .getFirst().address();
        }
        recordOnNode(node, ip);
        return ip;
    }

    private void recordOnNode(String node, IpAddress ip) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<Stored<Node>> n = ctx.calls.read(() -> ctx.resources.get(Node.class, node));
            if (n.isEmpty()) {
                return;
            }
            Node.Spec spec = n.get().resource().spec();
            Node.BGP bgp = spec == null || spec.bgp() == null ? new Node.BGP(null, null, null, null, null) : spec.bgp();
            if (ip.toString().equals(bgp.ipv4IPIPTunnelAddr())) {
                return;
            }
            Node.BGP nb = new Node.BGP(bgp.asNumber(), bgp.ipv4Address(), bgp.ipv6Address(), ip.toString(),
                    bgp.routeReflectorClusterID());
            Node updated = new Node(n.get().resource().metadata(), spec == null ? new Node.Spec(nb, null, null, null)
                    : new Node.Spec(nb, spec.ipv4VXLANTunnelAddr(), spec.ipv6VXLANTunnelAddr(), spec.vxlanTunnelMACAddr()));
            try {
                ctx.resources.update(updated, n.get().revision());
                return;
            } catch (io.muslin.datastore.RevisionConflictException e) {
                // someone else changed the node; read again
            }
        }
    }
}
