package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Op;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives addresses back and reads what a handle holds: one address, one address only while a
 * given handle still holds it, or everything a handle holds. Each release is one transaction per
 * block: the block at the revision read and the handle's count at the revision read, both written
 * or neither; a block that changed meanwhile is read again and the release tried again.
 */
final class Releaser {
    private final IpamContext ctx;

    Releaser(IpamContext ctx) {
        this.ctx = ctx;
    }

    /** Releases one address; false when it was not assigned. */
    boolean release(IpAddress ip) {
        return release(ip, true, null);
    }

    /** Releases one address only while {@code handleId} still holds it; false when it is free or someone else's now. */
    boolean releaseIfHeld(IpAddress ip, String handleId) {
        return release(ip, false, handleId);
    }

    /** Frees {@code ip} for its holder, or only while {@code handleId} holds it unless {@code anyHolder}. */
    private boolean release(IpAddress ip, boolean anyHolder, String handleId) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<BlockRef> ref = findBlock(ip);
            if (ref.isEmpty()) {
                return false;
            }
            int ord = (int) ref.get().cidr().ordinalOf(ip);
            IPAMBlock.Attribute holder = BlockOps.attributeAt(ref.get().block(), ord);
            if (holder == null || !(anyHolder || java.util.Objects.equals(handleId, holder.handleId()))) {
                return false;
            }
            if (releaseOrdinals(ref.get(), java.util.Set.of(ord), holder.handleId())) {
                return true;
            }
        }
        throw new IpamException("could not release " + ip + ": its block kept changing");
    }

    Optional<BlockRef> findBlock(IpAddress ip) {
        Settings s = ctx.settings();
        for (IPPool p : s.pools()) {
            if (s.cidr(p).contains(ip)) {
                Optional<BlockRef> ref = ctx.readBlock(IpPrefix.of(ip, p.blockSize()));
                if (ref.isPresent()) {
                    return ref;
                }
            }
        }
        for (String key : ctx.blockKeys()) {
            Optional<KeyValue> kv = ctx.calls.read(() -> ctx.store().get(key));
            if (kv.isPresent()) {
                BlockRef ref = BlockRef.of(kv.get());
                if (ref.cidr().contains(ip)) {
                    return Optional.of(ref);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Frees ordinals of one handle in one block, with the handle's count, in one transaction.
     * False when the block or handle changed meanwhile (caller re-reads and tries again).
     */
    boolean releaseOrdinals(BlockRef ref, java.util.Set<Integer> ords, String handleId) {
        String blockKey = ctx.keys.block(ref.cidr());
        String handleKey = ctx.keys.handle(handleId);
        HandleRef h = HandleRef.of(handleId, ctx.calls.read(() -> ctx.store().get(handleKey)));
        int held = 0;
        for (int o : ords) {
            IPAMBlock.Attribute a = BlockOps.attributeAt(ref.block(), o);
            if (a != null && handleId.equals(a.handleId())) {
                held++;
            }
        }
        IPAMBlock next = BlockOps.release(ref.block(), ords);
        Txn.Builder t = Txn.builder().when(Compare.modRevision(blockKey, ref.revision()))
                .then(Op.put(blockKey, Resources.toJson(next)));
        if (h.exists()) {
            IPAMHandle nh = h.plus(ref.cidr().toString(), -held);
            t.when(Compare.modRevision(handleKey, h.revision()));
            t.then(nh == null ? Op.delete(handleKey) : Op.put(handleKey, HandleRef.json(nh)));
        }
        Optional<TxnResult> r = ctx.calls.commit(t.build());
        if (r.isPresent() && r.get().succeeded()) {
            ctx.remember(new BlockRef(ref.cidr(), next, r.get().revision()));
            return true;
        }
        ctx.readBlock(ref.cidr());
        return false;
    }

    /** Releases everything a handle holds; returns how many addresses were freed. */
    int releaseHandle(String handleId) {
        int freed = 0;
        String handleKey = ctx.keys.handle(handleId);
        for (int attempt = 0; attempt < 200; attempt++) {
            HandleRef h = HandleRef.of(handleId, ctx.calls.read(() -> ctx.store().get(handleKey)));
            if (!h.exists()) {
                return freed;
            }
            boolean progress = false;
            for (String blockCidr : h.counts().keySet()) {
                IpPrefix c = IpPrefix.parse(blockCidr);
                Optional<BlockRef> ref = ctx.readBlock(c);
                if (ref.isEmpty()) {
                    // The block is gone: drop it from the handle.
                    IPAMHandle nh = h.plus(blockCidr, -h.counts().get(blockCidr));
                    ctx.calls.commit(Txn.builder().when(Compare.modRevision(handleKey, h.revision()))
                            .then(nh == null ? Op.delete(handleKey) : Op.put(handleKey, HandleRef.json(nh))).build());
                    progress = true;
                    break;
                }
                java.util.Set<Integer> ords = BlockOps.ordinalsOf(ref.get().block(), handleId);
                if (ords.isEmpty()) {
                    IPAMHandle nh = h.plus(blockCidr, -h.counts().get(blockCidr));
                    ctx.calls.commit(Txn.builder().when(Compare.modRevision(handleKey, h.revision()))
                            .then(nh == null ? Op.delete(handleKey) : Op.put(handleKey, HandleRef.json(nh))).build());
                    progress = true;
                    break;
                }
                if (releaseOrdinals(ref.get(), ords, handleId)) {
                    freed += ords.size();
                }
                progress = true;
                break;
            }
            if (!progress) {
                return freed;
            }
        }
        throw new IpamException("could not release handle " + handleId + ": it kept changing");
    }

    /** The addresses a handle holds, from its blocks. */
    List<IpAddress> addressesOf(String handleId) {
        HandleRef h = HandleRef.of(handleId, ctx.calls.read(() -> ctx.store().get(ctx.keys.handle(handleId))));
        List<IpAddress> out = new ArrayList<>();
        for (String blockCidr : h.counts().keySet()) {
            ctx.readBlock(IpPrefix.parse(blockCidr)).ifPresent(ref -> {
                for (int o : BlockOps.ordinalsOf(ref.block(), handleId)) {
                    out.add(ref.cidr().addressAt(o));
                }
            });
        }
        return out;
    }
}
