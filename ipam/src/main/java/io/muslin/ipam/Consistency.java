package io.muslin.ipam;

import io.muslin.datastore.Compare;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Op;
import io.muslin.datastore.Txn;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.ipam.ConsistencyReport.Kind;
import io.muslin.ipam.ConsistencyReport.Problem;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the invariants IPAM relies on — every allocated address has a handle whose record counts
 * it, every block has exactly one owner with a confirmed affinity and every confirmed affinity has
 * its block, blocks do not overlap — and repairs what it can, each fix a compare-and-swap.
 */
final class Consistency {
    private final IpamContext ctx;

    Consistency(IpamContext ctx) {
        this.ctx = ctx;
    }

    private record Snapshot(Map<IpPrefix, BlockRef> blocks, Map<String, KeyValue> affinities, Map<String, KeyValue> handles) {}

    private Snapshot read() {
        Map<IpPrefix, BlockRef> blocks = new TreeMap<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.blocks())).items()) {
            BlockRef r = BlockRef.of(kv);
            blocks.put(r.cidr(), r);
        }
        Map<String, KeyValue> affs = new TreeMap<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.affinities())).items()) {
            affs.put(kv.key(), kv);
        }
        Map<String, KeyValue> handles = new TreeMap<>();
        for (KeyValue kv : ctx.calls.read(() -> ctx.store().list(ctx.keys.handles())).items()) {
            handles.put(kv.key().substring(ctx.keys.handles().length()), kv);
        }
        return new Snapshot(blocks, affs, handles);
    }

    ConsistencyReport check() {
        return run(false);
    }

    ConsistencyReport repair() {
        return run(true);
    }

    private ConsistencyReport run(boolean repair) {
        Snapshot s = read();
        Settings settings = ctx.settings();
        List<Problem> problems = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        int allocations = 0;
        // handle id -> block cidr -> count, as the blocks say
        Map<String, Map<String, Integer>> actual = new HashMap<>();
        List<IpPrefix> cidrs = new ArrayList<>(s.blocks().keySet());
        for (int i = 0; i < cidrs.size(); i++) {
            for (int j = i + 1; j < cidrs.size(); j++) {
                if (cidrs.get(i).overlaps(cidrs.get(j))) {
                    problems.add(new Problem(Kind.OVERLAPPING_BLOCKS, cidrs.get(i).toString(), "overlaps block " + cidrs.get(j)));
                }
            }
        }
        for (BlockRef ref : s.blocks().values()) {
            String subject = "block " + ref.cidr();
            List<String> internal = BlockOps.selfCheck(ref.block());
            for (String p : internal) {
                problems.add(new Problem(p.contains("without a handle") ? Kind.ALLOCATION_WITHOUT_HANDLE : Kind.BLOCK_INTERNAL,
                        subject, p));
            }
            if (repair && !internal.isEmpty()) {
                String key = ctx.keys.block(ref.cidr());
                ctx.calls.commit(Txn.builder().when(Compare.modRevision(key, ref.revision()))
                        .then(Op.put(key, Resources.toJson(BlockOps.rebuild(ref.block())))).build());
                repairs.add(subject + ": rebuilt allocation lists");
            }
            if (settings.poolOf(ref.cidr()).isEmpty()) {
                problems.add(new Problem(Kind.BLOCK_OUTSIDE_POOLS, subject, "lies in no pool (pool deleted?)"));
            }
            allocations += BlockOps.allocatedCount(ref.block());
            BlockOps.handleCounts(ref.block()).forEach((h, n) ->
                    actual.computeIfAbsent(h, k -> new TreeMap<>()).put(ref.cidr().toString(), n));
            String owner = ref.block().affinityNode();
            if (owner != null) {
                KeyValue aff = s.affinities().get(ctx.keys.affinity(owner, ref.cidr()));
                BlockAffinity a = aff == null ? null : Resources.fromJson(aff.value(), BlockAffinity.class);
                if (a == null || !BlockAffinity.CONFIRMED.equals(a.spec().state())) {
                    problems.add(new Problem(Kind.BLOCK_WITHOUT_AFFINITY, subject, "owned by " + owner
                            + " but its affinity is " + (a == null ? "missing" : a.spec().state())));
                    if (repair && (a == null || BlockAffinity.PENDING.equals(a.spec().state()))) {
                        String key = ctx.keys.affinity(owner, ref.cidr());
                        BlockAffinity c = new BlockAffinity(ObjectMeta.named(ctx.keys.affinityName(owner, ref.cidr())),
                                new BlockAffinity.Spec(BlockAffinity.CONFIRMED, owner, ref.cidr().toString(), null));
                        ctx.calls.commit(Txn.builder().when(Compare.modRevision(ctx.keys.block(ref.cidr()), ref.revision()))
                                .when(aff == null ? Compare.absent(key) : Compare.modRevision(key, aff.modRevision()))
                                .then(Op.put(key, Resources.toJson(c))).build());
                        repairs.add(subject + ": confirmed the affinity of its owner " + owner);
                    }
                }
            }
        }
        // Affinities: confirmed ones need their block owned by their node; at most one confirmed per block.
        Map<String, List<String>> confirmedBy = new TreeMap<>();
        for (KeyValue kv : s.affinities().values()) {
            BlockAffinity a = Resources.fromJson(kv.value(), BlockAffinity.class);
            IpPrefix c = IpPrefix.parse(a.spec().cidr());
            BlockRef b = s.blocks().get(c);
            boolean ownedByIt = b != null && a.spec().node().equals(b.block().affinityNode());
            String subject = "affinity " + a.spec().node() + "/" + c;
            if (BlockAffinity.CONFIRMED.equals(a.spec().state())) {
                confirmedBy.computeIfAbsent(c.toString(), k -> new ArrayList<>()).add(a.spec().node());
                if (!ownedByIt) {
                    problems.add(new Problem(Kind.AFFINITY_WITHOUT_BLOCK, subject, b == null ? "its block does not exist"
                            : "its block is owned by " + b.block().affinityNode()));
                    if (repair) {
                        deleteIfUnchanged(kv);
                        repairs.add(subject + ": deleted");
                    }
                }
            } else if (!ownedByIt) {
                problems.add(new Problem(Kind.STALE_PENDING_AFFINITY, subject, "state " + a.spec().state()
                        + (b == null ? ", no block" : ", block owned by " + b.block().affinityNode())));
                if (repair) {
                    deleteIfUnchanged(kv);
                    repairs.add(subject + ": deleted");
                }
            }
        }
        confirmedBy.forEach((c, nodes) -> {
            if (nodes.size() > 1) {
                problems.add(new Problem(Kind.MULTIPLE_OWNERS, "block " + c, "confirmed for " + nodes));
            }
        });
        // Handles: every allocation's handle has a record with the right counts; no record counts what is not there.
        for (Map.Entry<String, Map<String, Integer>> e : actual.entrySet()) {
            String h = e.getKey();
            KeyValue kv = s.handles().get(h);
            if (kv == null) {
                problems.add(new Problem(Kind.HANDLE_MISSING, "handle " + h, "holds " + e.getValue() + " but has no record"));
            } else {
                Map<String, Integer> recorded = Resources.fromJson(kv.value(), IPAMHandle.class).spec().block();
                if (!new TreeMap<>(recorded).equals(e.getValue())) {
                    problems.add(new Problem(Kind.HANDLE_COUNT, "handle " + h, "record says " + new TreeMap<>(recorded)
                            + ", blocks say " + e.getValue()));
                } else {
                    continue;
                }
            }
            if (repair) {
                Map<String, String> holder = kv == null ? null
                        : Resources.fromJson(kv.value(), IPAMHandle.class).spec().attributes();
                IPAMHandle fixed = new IPAMHandle(ObjectMeta.named(h), new IPAMHandle.Spec(h, e.getValue(), null, holder));
                String key = ctx.keys.handle(h);
                ctx.calls.commit(Txn.builder().when(kv == null ? Compare.absent(key) : Compare.modRevision(key, kv.modRevision()))
                        .then(Op.put(key, Resources.toJson(fixed))).build());
                repairs.add("handle " + h + ": counts rewritten from the blocks");
            }
        }
        for (Map.Entry<String, KeyValue> e : s.handles().entrySet()) {
            if (!actual.containsKey(e.getKey())) {
                problems.add(new Problem(Kind.HANDLE_DANGLING, "handle " + e.getKey(), "record exists but holds no address"));
                if (repair) {
                    deleteIfUnchanged(e.getValue());
                    repairs.add("handle " + e.getKey() + ": deleted");
                }
            }
        }
        return new ConsistencyReport(s.blocks().size(), allocations, s.handles().size(), s.affinities().size(), problems, repairs);
    }

    private void deleteIfUnchanged(KeyValue kv) {
        Optional.of(kv).ifPresent(k -> ctx.calls.commit(Txn.builder().when(Compare.modRevision(k.key(), k.modRevision()))
                .then(Op.delete(k.key())).build()));
    }
}
