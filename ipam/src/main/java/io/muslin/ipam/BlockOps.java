package io.muslin.ipam;

import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Pure operations on one {@link IPAMBlock}: no store, no time. Every method returns a new block.
 * Freed ordinals go to the end of {@code unallocated}, so a released address is reused last.
 */
public final class BlockOps {
    private BlockOps() {}

    /** A new block owned by {@code node}, every ordinal free, handed out in order. */
    public static IPAMBlock empty(IpPrefix cidr, String node) {
        int size = cidr.size().intValueExact();
        List<Integer> unallocated = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            unallocated.add(i);
        }
        return new IPAMBlock(ObjectMeta.named(cidr.keyForm()), new IPAMBlock.Spec(cidr.toString(),
                node == null ? null : "host:" + node, Arrays.asList(new Integer[size]), unallocated, List.of(), null));
    }

    public static IpPrefix cidr(IPAMBlock b) {
        return IpPrefix.parse(b.spec().cidr());
    }

    /** The first free ordinal whose address is not reserved, or -1. */
    public static int firstFree(IPAMBlock b, Predicate<IpAddress> reserved) {
        return firstFree(cidr(b), b, reserved);
    }

    /** As {@link #firstFree(IPAMBlock, Predicate)} with the block's CIDR already parsed; {@code reserved} may be null. */
    public static int firstFree(IpPrefix cidr, IPAMBlock b, Predicate<IpAddress> reserved) {
        List<Integer> free = b.spec().unallocated();
        if (reserved == null) {
            return free.isEmpty() ? -1 : free.getFirst();
        }
        for (int ord : free) {
            if (!reserved.test(cidr.addressAt(ord))) {
                return ord;
            }
        }
        return -1;
    }

    public static int freeCount(IPAMBlock b, Predicate<IpAddress> reserved) {
        IpPrefix cidr = cidr(b);
        int n = 0;
        for (int ord : b.spec().unallocated()) {
            if (!reserved.test(cidr.addressAt(ord))) {
                n++;
            }
        }
        return n;
    }

    public static int allocatedCount(IPAMBlock b) {
        int n = 0;
        for (Integer a : b.spec().allocations()) {
            if (a != null) {
                n++;
            }
        }
        return n;
    }

    public static boolean isEmpty(IPAMBlock b) {
        return allocatedCount(b) == 0;
    }

    /** Gives {@code ordinal} to {@code attribute}; the ordinal must be free. */
    public static IPAMBlock allocate(IPAMBlock b, int ordinal, IPAMBlock.Attribute attribute) {
        IPAMBlock.Spec s = b.spec();
        if (s.allocations().get(ordinal) != null) {
            throw new IllegalStateException("ordinal " + ordinal + " of " + s.cidr() + " is already allocated");
        }
        List<IPAMBlock.Attribute> attrs = new ArrayList<>(s.attributes());
        int idx = attrs.indexOf(attribute);
        if (idx < 0) {
            attrs.add(attribute);
            idx = attrs.size() - 1;
        }
        List<Integer> allocations = new ArrayList<>(s.allocations());
        allocations.set(ordinal, idx);
        List<Integer> unallocated = new ArrayList<>(s.unallocated());
        unallocated.remove(Integer.valueOf(ordinal));
        return new IPAMBlock(b.metadata(), new IPAMBlock.Spec(s.cidr(), s.affinity(), allocations, unallocated, attrs, s.deleted()));
    }

    /** Frees the ordinals (those already free are ignored) and drops attributes nothing points at. */
    public static IPAMBlock release(IPAMBlock b, Set<Integer> ordinals) {
        IPAMBlock.Spec s = b.spec();
        List<Integer> allocations = new ArrayList<>(s.allocations());
        List<Integer> unallocated = new ArrayList<>(s.unallocated());
        for (int ord : new TreeSet<>(ordinals)) {
            if (allocations.get(ord) != null) {
                allocations.set(ord, null);
                unallocated.add(ord);
            }
        }
        return compact(new IPAMBlock(b.metadata(), new IPAMBlock.Spec(s.cidr(), s.affinity(), allocations, unallocated,
                s.attributes(), s.deleted())));
    }

    private static IPAMBlock compact(IPAMBlock b) {
        IPAMBlock.Spec s = b.spec();
        Map<Integer, Integer> remap = new HashMap<>();
        List<IPAMBlock.Attribute> attrs = new ArrayList<>();
        List<Integer> allocations = new ArrayList<>(s.allocations());
        for (int i = 0; i < allocations.size(); i++) {
            Integer a = allocations.get(i);
            if (a == null) {
                continue;
            }
            Integer n = remap.get(a);
            if (n == null) {
                attrs.add(s.attributes().get(a));
                n = attrs.size() - 1;
                remap.put(a, n);
            }
            allocations.set(i, n);
        }
        return new IPAMBlock(b.metadata(), new IPAMBlock.Spec(s.cidr(), s.affinity(), allocations, s.unallocated(), attrs, s.deleted()));
    }

    /** The ordinals held by {@code handleId}. */
    public static Set<Integer> ordinalsOf(IPAMBlock b, String handleId) {
        Set<Integer> out = new TreeSet<>();
        List<Integer> al = b.spec().allocations();
        for (int i = 0; i < al.size(); i++) {
            Integer a = al.get(i);
            if (a != null && handleId.equals(b.spec().attributes().get(a).handleId())) {
                out.add(i);
            }
        }
        return out;
    }

    /** The attribute of an allocated ordinal, or null when free. */
    public static IPAMBlock.Attribute attributeAt(IPAMBlock b, int ordinal) {
        Integer a = b.spec().allocations().get(ordinal);
        return a == null ? null : b.spec().attributes().get(a);
    }

    /** Count of addresses per handle in this block. */
    public static Map<String, Integer> handleCounts(IPAMBlock b) {
        Map<String, Integer> out = new HashMap<>();
        for (Integer a : b.spec().allocations()) {
            if (a != null) {
                out.merge(String.valueOf(b.spec().attributes().get(a).handleId()), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The same block with another owner ("host:node", or null for an orphan). */
    public static IPAMBlock withAffinity(IPAMBlock b, String node) {
        IPAMBlock.Spec s = b.spec();
        return new IPAMBlock(b.metadata(), new IPAMBlock.Spec(s.cidr(), node == null ? null : "host:" + node,
                s.allocations(), s.unallocated(), s.attributes(), s.deleted()));
    }

    /** Internal problems of one block (allocation/unallocated lists disagreeing), as text. */
    public static List<String> selfCheck(IPAMBlock b) {
        List<String> out = new ArrayList<>();
        IPAMBlock.Spec s = b.spec();
        int size = s.allocations().size();
        Set<Integer> free = new TreeSet<>();
        for (int ord : s.unallocated()) {
            if (ord < 0 || ord >= size) {
                out.add("unallocated ordinal " + ord + " outside the block");
            } else if (!free.add(ord)) {
                out.add("ordinal " + ord + " listed twice as unallocated");
            } else if (s.allocations().get(ord) != null) {
                out.add("ordinal " + ord + " is both allocated and unallocated");
            }
        }
        for (int i = 0; i < size; i++) {
            Integer a = s.allocations().get(i);
            if (a == null && !free.contains(i)) {
                out.add("ordinal " + i + " is neither allocated nor unallocated");
            }
            if (a != null && (a < 0 || a >= s.attributes().size())) {
                out.add("ordinal " + i + " points at missing attribute " + a);
            } else if (a != null && (s.attributes().get(a).handleId() == null || s.attributes().get(a).handleId().isEmpty())) {
                out.add("ordinal " + i + " is allocated without a handle");
            }
        }
        return out;
    }

    /** Rebuilds {@code unallocated} from {@code allocations} and frees ordinals without a valid handle. */
    public static IPAMBlock rebuild(IPAMBlock b) {
        IPAMBlock.Spec s = b.spec();
        List<Integer> allocations = new ArrayList<>(s.allocations());
        for (int i = 0; i < allocations.size(); i++) {
            Integer a = allocations.get(i);
            if (a != null && (a < 0 || a >= s.attributes().size() || s.attributes().get(a).handleId() == null
                    || s.attributes().get(a).handleId().isEmpty())) {
                allocations.set(i, null);
            }
        }
        List<Integer> unallocated = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        for (int ord : s.unallocated()) {
            if (ord >= 0 && ord < allocations.size() && allocations.get(ord) == null && seen.add(ord)) {
                unallocated.add(ord);
            }
        }
        for (int i = 0; i < allocations.size(); i++) {
            if (allocations.get(i) == null && seen.add(i)) {
                unallocated.add(i);
            }
        }
        return compact(new IPAMBlock(b.metadata(), new IPAMBlock.Spec(s.cidr(), s.affinity(), allocations, unallocated,
                s.attributes(), s.deleted())));
    }
}
