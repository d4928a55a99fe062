package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Op;
import io.muslin.datastore.Stored;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpPrefix;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Block ownership. Claim: (1) pending affinity, only if the block key is absent; (2) block and
 * confirmed affinity in one transaction, only if the block key is still absent and the pending
 * affinity unchanged; (3) on losing, delete the pending affinity. Release: pendingDeletion, then
 * block and affinity deleted together only if the block is still empty.
 */
final class Claims {
    /** Marks a pending affinity with its claim attempt, so an attempt whose outcome is unknown can recognise it. */
    static final String CLAIM_ANNOTATION = "ipam.muslin.io/claim";

    private final IpamContext ctx;

    Claims(IpamContext ctx) {
        this.ctx = ctx;
    }

    /** Why a claim found nothing. */
    enum NoClaim { POOL_FULL, HOST_LIMIT, NONE }

    record ClaimResult(Optional<BlockRef> block, NoClaim reason) {}

    /** Claims a free block of {@code pool} for {@code node}. */
    ClaimResult claim(String node, IPPool pool, Settings settings) {
        int max = settings.config().maxBlocksPerHost();
        if (max > 0 && ctx.calls.read(() -> ctx.store().keys(ctx.keys.affinities(node))).size() >= max) {
            return new ClaimResult(Optional.empty(), NoClaim.HOST_LIMIT);
        }
        IpPrefix poolCidr = pool.cidr();
        int blockSize = pool.blockSize();
        Set<String> taken = new HashSet<>(ctx.blockKeys());
        BigInteger count = poolCidr.subnetCount(blockSize);
        // At most |taken| candidates are occupied, so |taken| + 1 consecutive ones hold a free one if any.
        BigInteger tries = count.min(BigInteger.valueOf(taken.size() + 64L));
        BigInteger start = new BigInteger(count.bitLength() + 8, ThreadLocalRandom.current()).mod(count);
        for (BigInteger i = BigInteger.ZERO; i.compareTo(tries) < 0; i = i.add(BigInteger.ONE)) {
            IpPrefix cidr = poolCidr.subnet(blockSize, start.add(i).mod(count));
            if (taken.contains(ctx.keys.block(cidr)) || fullyReserved(cidr, settings)) {
                continue;
            }
            Optional<BlockRef> got = tryClaim(node, cidr);
            if (got.isPresent()) {
                return new ClaimResult(got, NoClaim.NONE);
            }
            taken.add(ctx.keys.block(cidr));
        }
        return new ClaimResult(Optional.empty(), NoClaim.POOL_FULL);
    }

    private static boolean fullyReserved(IpPrefix block, Settings s) {
        for (IpPrefix r : s.reservations()) {
            if (r.contains(block)) {
                return true;
            }
        }
        return false;
    }

    /** The three-step claim of one block; empty when another node (or a sibling claim) got there first. */
    Optional<BlockRef> tryClaim(String node, IpPrefix cidr) {
        String blockKey = ctx.keys.block(cidr);
        String affKey = ctx.keys.affinity(node, cidr);
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        BlockAffinity pending = new BlockAffinity(new ObjectMeta(ctx.keys.affinityName(node, cidr), null, null,
                java.util.Map.of(CLAIM_ANNOTATION, nonce), null),
                new BlockAffinity.Spec(BlockAffinity.PENDING, node, cidr.toString(), null));

        // Step 1: pending affinity, only while nobody owns the block.
        long pendingRev;
        while (true) {
            Optional<TxnResult> r = ctx.calls.commit(Txn.builder()
                    .when(Compare.absent(blockKey)).when(Compare.absent(affKey))
                    .then(Op.put(affKey, Resources.toJson(pending)))
                    .build());
            if (r.isPresent()) {
                if (!r.get().succeeded()) {
                    return Optional.empty();
                }
                pendingRev = r.get().revision();
                break;
            }
            // Outcome unknown: the claim annotation tells whether the pending affinity there is ours.
            Optional<KeyValue> kv = ctx.calls.read(() -> ctx.store().get(affKey));
            if (kv.isPresent()) {
                BlockAffinity there = Resources.fromJson(kv.get().value(), BlockAffinity.class);
                if (there.metadata().annotations() == null || !nonce.equals(there.metadata().annotations().get(CLAIM_ANNOTATION))) {
                    return Optional.empty();
                }
                pendingRev = kv.get().modRevision();
                break;
            }
        }

        // Step 2: block and confirmed affinity together, only if the block key is still absent.
        IPAMBlock block = BlockOps.empty(cidr, node);
        BlockAffinity confirmed = pending.withState(BlockAffinity.CONFIRMED);
        while (true) {
            Optional<TxnResult> r = ctx.calls.commit(Txn.builder()
                    .when(Compare.absent(blockKey)).when(Compare.modRevision(affKey, pendingRev))
                    .then(Op.put(blockKey, Resources.toJson(block)))
                    .then(Op.put(affKey, Resources.toJson(confirmed)))
                    .build());
            if (r.isPresent()) {
                if (r.get().succeeded()) {
                    BlockRef ref = new BlockRef(cidr, block, r.get().revision());
                    ctx.remember(ref);
                    ctx.blockChanged(node, cidr, true, r.get().revision());
                    return Optional.of(ref);
                }
                break;
            }
            // Unknown: our pending affinity made any other claim of this block impossible except
            // by a node that created the block first; an existing block owned by us is ours.
            Optional<KeyValue> kv = ctx.calls.read(() -> ctx.store().get(blockKey));
            if (kv.isPresent()) {
                BlockRef ref = BlockRef.of(kv.get());
                if (node.equals(ref.block().affinityNode())) {
                    ctx.remember(ref);
                    return Optional.of(ref);
                }
                break;
            }
        }

        // Step 3: lost the race; withdraw the pending affinity (a crash here leaves it to GC).
        while (true) {
            Optional<TxnResult> r = ctx.calls.commit(Txn.builder().when(Compare.modRevision(affKey, pendingRev))
                    .then(Op.delete(affKey)).build());
            if (r.isPresent()) {
                return Optional.empty();
            }
            long rev = pendingRev;
            Optional<KeyValue> kv = ctx.calls.read(() -> ctx.store().get(affKey));
            if (kv.isEmpty() || kv.get().modRevision() != rev) {
                return Optional.empty();
            }
        }
    }

    /** Confirmed blocks of the node, from the store. */
    List<Stored<BlockAffinity>> confirmed(String node) {
        return ctx.affinities(node).stream()
                .filter(a -> BlockAffinity.CONFIRMED.equals(a.resource().spec().state())).toList();
    }

    /**
     * Releases the node's affinity for an empty block: pendingDeletion, then block and affinity
     * deleted together only while the block is still empty. Returns false (and restores the
     * confirmed state) when the block holds addresses.
     */
    boolean releaseEmpty(String node, IpPrefix cidr) {
        String blockKey = ctx.keys.block(cidr);
        String affKey = ctx.keys.affinity(node, cidr);
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<KeyValue> affKv = ctx.calls.read(() -> ctx.store().get(affKey));
            Optional<KeyValue> blockKv = ctx.calls.read(() -> ctx.store().get(blockKey));
            if (affKv.isEmpty()) {
                return blockKv.isEmpty() || !node.equals(BlockRef.of(blockKv.get()).block().affinityNode());
            }
            BlockAffinity aff = Resources.fromJson(affKv.get().value(), BlockAffinity.class);
            if (blockKv.isEmpty() || !node.equals(BlockRef.of(blockKv.get()).block().affinityNode())) {
                // A stale claim: the block is not ours. Remove the affinity only.
                ctx.calls.commit(Txn.builder().when(Compare.modRevision(affKey, affKv.get().modRevision()))
                        .then(Op.delete(affKey)).build());
                continue;
            }
            BlockRef ref = BlockRef.of(blockKv.get());
            if (!BlockOps.isEmpty(ref.block())) {
                return false;
            }
            long affRev = affKv.get().modRevision();
            if (!BlockAffinity.PENDING_DELETION.equals(aff.spec().state())) {
                Optional<TxnResult> r = ctx.calls.commit(Txn.builder().when(Compare.modRevision(affKey, affRev))
                        .then(Op.put(affKey, Resources.toJson(aff.withState(BlockAffinity.PENDING_DELETION)))).build());
                if (r.isEmpty() || !r.get().succeeded()) {
                    continue;
                }
                affRev = r.get().revision();
            }
            Optional<TxnResult> r = ctx.calls.commit(Txn.builder()
                    .when(Compare.modRevision(affKey, affRev)).when(Compare.modRevision(blockKey, ref.revision()))
                    .then(Op.delete(blockKey)).then(Op.delete(affKey)).build());
            if (r.isPresent() && r.get().succeeded()) {
                ctx.blockCache.remove(blockKey);
                ctx.blockChanged(node, cidr, false, r.get().revision());
                return true;
            }
            // The block changed (an address was assigned meanwhile) or the outcome is unknown: look again,
            // putting the affinity back to confirmed if the block is in use.
            Optional<KeyValue> now = ctx.calls.read(() -> ctx.store().get(blockKey));
            if (now.isPresent() && !BlockOps.isEmpty(BlockRef.of(now.get()).block())) {
                long rev = affRev;
                ctx.calls.commit(Txn.builder().when(Compare.modRevision(affKey, rev))
                        .then(Op.put(affKey, Resources.toJson(aff.withState(BlockAffinity.CONFIRMED)))).build());
                return false;
            }
        }
        throw new IpamException("could not release block " + cidr + " of node " + node + ": it kept changing");
    }

    /** Makes a non-empty block an orphan (no owner) and drops the affinity, in one transaction. */
    boolean orphan(String node, IpPrefix cidr) {
        String blockKey = ctx.keys.block(cidr);
        String affKey = ctx.keys.affinity(node, cidr);
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<KeyValue> affKv = ctx.calls.read(() -> ctx.store().get(affKey));
            Optional<BlockRef> ref = ctx.readBlock(cidr);
            if (ref.isEmpty() || !node.equals(ref.get().block().affinityNode())) {
                affKv.ifPresent(a -> ctx.calls.commit(Txn.builder().when(Compare.modRevision(affKey, a.modRevision()))
                        .then(Op.delete(affKey)).build()));
                return false;
            }
            Txn.Builder t = Txn.builder().when(Compare.modRevision(blockKey, ref.get().revision()))
                    .then(Op.put(blockKey, Resources.toJson(BlockOps.withAffinity(ref.get().block(), null))));
            if (affKv.isPresent()) {
                t.when(Compare.modRevision(affKey, affKv.get().modRevision())).then(Op.delete(affKey));
            }
            Optional<TxnResult> r = ctx.calls.commit(t.build());
            if (r.isPresent() && r.get().succeeded()) {
                ctx.blockCache.remove(blockKey);
                ctx.blockChanged(node, cidr, false, r.get().revision());
                return true;
            }
        }
        throw new IpamException("could not orphan block " + cidr + " of node " + node + ": it kept changing");
    }
}
