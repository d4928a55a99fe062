package io.muslin.ipam;

import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Garbage collection as one node's agent runs it periodically, after Calico's kube-controllers IPAM
 * controller: nothing is released on one observation. Each candidate is remembered with the time it
 * was first seen, and released only when a later run, at least {@code grace} after that, sees it
 * again; a candidate that recovers meanwhile is forgotten. State lives in this object (one per
 * agent); a restart starts the clocks again, which only delays a release.
 *
 * <ul>
 * <li>{@link #collect}: addresses assigned for this node whose owner {@link Liveness} says is gone
 *     (tunnel addresses excepted) are released — each only while the same handle still holds it;
 *     empty blocks of this node are released while the node keeps at least one block (as Calico,
 *     which keeps the affinity of a node's last block; when all are empty the lowest CIDR stays).</li>
 * <li>{@link #releaseDeparted}: nodes that hold affinities or addresses but are not among the live
 *     nodes are released with {@link Ipam#releaseNode}. The caller decides which one agent does this.</li>
 * </ul>
 *
 * Reads come first in every run, so a store failure while reading releases nothing; it is thrown
 * ({@link IpamException} or the store's exception) for the caller to report.
 */
public final class NodeCollector {
    private final IpamContext ctx;
    private final Claims claims;
    private final Releaser releaser;
    private final Maintenance maintenance;
    private final String node;
    private final Duration grace;
    private final Map<String, Instant> leakSeen = new HashMap<>();
    private final Map<IpPrefix, Instant> emptySeen = new HashMap<>();
    private final Map<String, Instant> departedSeen = new HashMap<>();

    NodeCollector(IpamContext ctx, Claims claims, Releaser releaser, Maintenance maintenance, String node, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        this.ctx = ctx;
        this.claims = claims;
        this.releaser = releaser;
        this.maintenance = maintenance;
        this.node = node;
        this.grace = grace;
    }

    public String node() {
        return node;
    }

    public Duration grace() {
        return grace;
    }

    /**
     * What one {@link #collect} run did.
     *
     * @param addressesReleased addresses released now (seen with a dead owner twice, {@code grace} apart)
     * @param leakSuspects      addresses with a dead owner still within their grace period
     * @param blocksReleased    empty blocks of this node released now
     * @param emptyBlocksWaiting empty blocks of this node that may be released after their grace period
     */
    public record Result(Instant at, List<IpAddress> addressesReleased, int leakSuspects, List<IpPrefix> blocksReleased,
                         int emptyBlocksWaiting) {
        public Result {
            addressesReleased = List.copyOf(addressesReleased);
            blocksReleased = List.copyOf(blocksReleased);
        }
    }

    /** What one {@link #releaseDeparted} run did. */
    public record DepartedResult(Instant at, List<Ipam.NodeRelease> released, int waiting) {
        public DepartedResult {
            released = List.copyOf(released);
        }
    }

    /** Leaked addresses and surplus empty blocks of this node (see the class comment). */
    public synchronized Result collect(Liveness liveness) {
        Instant now = ctx.options.clock().now();
        List<Allocation> all = maintenance.allocations();
        List<Allocation> dead = new ArrayList<>();
        for (Allocation a : all) {
            boolean mine = node.equals(a.node().orElse(a.blockOwner()));
            boolean tunnel = a.handleId() != null && a.handleId().startsWith(Maintenance.TUNNEL_PREFIX);
            if (mine && !tunnel && !liveness.isLive(a)) {
                dead.add(a);
            }
        }
        Set<String> seenNow = new HashSet<>();
        List<IpAddress> released = new ArrayList<>();
        int suspects = 0;
        for (Allocation a : dead) {
            String key = a.address() + "|" + a.handleId();
            seenNow.add(key);
            Instant first = leakSeen.putIfAbsent(key, now);
            if (first != null && Duration.between(first, now).compareTo(grace) >= 0) {
                if (releaser.releaseIfHeld(a.address(), a.handleId())) {
                    released.add(a.address());
                }
                seenNow.remove(key);
            } else {
                suspects++;
            }
        }
        leakSeen.keySet().retainAll(seenNow);

        // This node's confirmed blocks, emptiness from the blocks themselves (read after the releases above).
        List<IpPrefix> blocks = new ArrayList<>();
        List<IpPrefix> empty = new ArrayList<>();
        for (Stored<BlockAffinity> aff : claims.confirmed(node)) {
            IpPrefix cidr = IpPrefix.parse(aff.resource().spec().cidr());
            Optional<BlockRef> ref = ctx.readBlock(cidr);
            if (ref.isEmpty() || !node.equals(ref.get().block().affinityNode())) {
                continue;
            }
            blocks.add(cidr);
            if (BlockOps.isEmpty(ref.get().block())) {
                empty.add(cidr);
            }
        }
        // At most all but one: when every block is empty, the lowest CIDR stays.
        empty.sort(Comparator.reverseOrder());
        List<IpPrefix> candidates = empty.subList(0, Math.min(empty.size(), Math.max(0, blocks.size() - 1)));
        List<IpPrefix> blocksReleased = new ArrayList<>();
        int waiting = 0;
        Set<IpPrefix> emptyNow = new HashSet<>();
        for (IpPrefix cidr : candidates) {
            emptyNow.add(cidr);
            Instant first = emptySeen.putIfAbsent(cidr, now);
            if (first != null && Duration.between(first, now).compareTo(grace) >= 0) {
                if (claims.releaseEmpty(node, cidr)) {
                    blocksReleased.add(cidr);
                    emptyNow.remove(cidr);
                }
            } else {
                waiting++;
            }
        }
        emptySeen.keySet().retainAll(emptyNow);
        return new Result(now, released, suspects, blocksReleased, waiting);
    }

    /**
     * Releases every node that holds block affinities or addresses but is not in {@code liveNodes},
     * once it has been seen missing twice, {@code grace} apart.
     *
     * @param liveNodes the nodes that exist (from a fresh read of the Node resources); must include this node
     */
    public synchronized DepartedResult releaseDeparted(Set<String> liveNodes) {
        if (!liveNodes.contains(node)) {
            throw new IllegalArgumentException("the live nodes " + new TreeSet<>(liveNodes) + " do not include this node "
                    + node + "; refusing to judge other nodes from an incomplete list");
        }
        Instant now = ctx.options.clock().now();
        Set<String> holders = new TreeSet<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.affinities())).items()) {
            holders.add(Resources.fromJson(kv.value(), BlockAffinity.class).spec().node());
        }
        for (Allocation a : maintenance.allocations()) {
            a.node().ifPresent(holders::add);
            if (a.blockOwner() != null) {
                holders.add(a.blockOwner());
            }
        }
        holders.removeAll(liveNodes);
        List<Ipam.NodeRelease> released = new ArrayList<>();
        int waiting = 0;
        for (String gone : holders) {
            Instant first = departedSeen.putIfAbsent(gone, now);
            if (first != null && Duration.between(first, now).compareTo(grace) >= 0) {
                released.add(maintenance.releaseNode(gone));
                departedSeen.remove(gone);
            } else {
                waiting++;
            }
        }
        departedSeen.keySet().retainAll(holders);
        return new DepartedResult(now, released, waiting);
    }
}
