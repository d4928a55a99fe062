package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The reconciler's states by prefix: an open-addressing hash table whose keys (family, address,
 * length) sit inline in one {@code long[]}, three longs a slot, beside the states in one array.
 * A resync looks up every kernel route; in a {@code HashMap<IpPrefix, RouteState>} each lookup
 * goes through a node, a prefix and an address object before it reaches the state, each a cache
 * miss in a table of 100,000, where here the key is compared in place. Linear probing, deletion
 * by shifting back (no tombstones), at most three quarters full: 28 bytes a slot, so a million
 * states take 56 MB of table (a {@code HashMap} of them about 40 MB of nodes and table; the
 * prefixes are the states' own either way). Not thread-safe, like the reconciler.
 */
final class StateTable {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private RouteState[] states;
    private int size;
    private int modCount;

    StateTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity * 3];
        states = new RouteState[capacity];
    }

    int size() {
        return size;
    }

    /** Family and length in one long, never 0 for a real prefix (0 marks nothing). */
    private static long meta(IpPrefix p) {
        return ((long) p.length() << 1 | (p.v6() ? 1 : 0)) + 1;
    }

    /** Consecutive prefixes of one length ({@value #RUN} of them) go to consecutive slots. */
    private static final int RUN_BITS = 4;
    private static final int RUN = 1 << RUN_BITS;

    /**
     * A slot for the key, close to its neighbours': the prefix's number among the prefixes of its
     * length (its address shifted right by the host bits) is split into a run of {@value #RUN}
     * consecutive numbers, whose hash picks a group of {@value #RUN} slots, and its place in the
     * run, which picks the slot in the group (turned by the run's hash, so that prefixes with
     * the same low bits, such as every 16th address, still spread over the group). A dump lists a
     * table in address order and IPAM hands out blocks in order, so a resync that looks up every
     * kernel route, and every walk over the states in table order, reads memory in runs instead
     * of missing the cache once per destination. Prefixes with no neighbours hash as before: one
     * at a random slot.
     */
    private static int hash(long hi, long lo, long meta) {
        int length = (int) ((meta - 1) >>> 1);
        boolean v6 = ((meta - 1) & 1) != 0;
        long number;
        long upper = 0;
        if (length == 0) {
            number = 0;
        } else if (!v6) {
            number = lo >>> (32 - length);
        } else if (length <= 64) {
            number = hi >>> (64 - length);
        } else {
            number = length == 128 ? lo : (lo >>> (128 - length)) | (hi << (length - 64));
            upper = hi;
        }
        long h = ((number >>> RUN_BITS) * 0x9E3779B97F4A7C15L) ^ (upper * 0xC2B2AE3D27D4EB4FL) ^ (meta * 0x165667B19E3779F9L);
        int group = (int) (h ^ (h >>> 29) ^ (h >>> 47));
        int turn = (int) (h >>> 60);
        return (group << RUN_BITS) | (int) ((number + turn) & (RUN - 1));
    }

    private int slotOf(long hi, long lo, long meta) {
        int mask = states.length - 1;
        int i = hash(hi, lo, meta) & mask;
        while (true) {
            if (states[i] == null) {
                return -1 - i; // free slot where the key would go
            }
            int k = i * 3;
            if (keys[k + 2] == meta && keys[k + 1] == lo && keys[k] == hi) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    RouteState get(IpPrefix prefix) {
        IpAddress a = prefix.address();
        int i = slotOf(a.hi(), a.lo(), meta(prefix));
        return i >= 0 ? states[i] : null;
    }

    RouteState computeIfAbsent(IpPrefix prefix, Function<IpPrefix, RouteState> create) {
        IpAddress a = prefix.address();
        long meta = meta(prefix);
        int i = slotOf(a.hi(), a.lo(), meta);
        if (i >= 0) {
            return states[i];
        }
        RouteState st = create.apply(prefix);
        if ((size + 1) * 4L > states.length * 3L) {
            grow();
            i = slotOf(a.hi(), a.lo(), meta);
        }
        put(-1 - i, a.hi(), a.lo(), meta, st);
        size++;
        modCount++;
        return st;
    }

    private void put(int slot, long hi, long lo, long meta, RouteState st) {
        int k = slot * 3;
        keys[k] = hi;
        keys[k + 1] = lo;
        keys[k + 2] = meta;
        states[slot] = st;
    }

    private void grow() {
        long[] oldKeys = keys;
        RouteState[] oldStates = states;
        allocate(oldStates.length * 2);
        for (int j = 0; j < oldStates.length; j++) {
            if (oldStates[j] != null) {
                int k = j * 3;
                put(-1 - slotOf(oldKeys[k], oldKeys[k + 1], oldKeys[k + 2]), oldKeys[k], oldKeys[k + 1], oldKeys[k + 2], oldStates[j]);
            }
        }
    }

    /** Removes the state of {@code prefix}; true when there was one. */
    boolean remove(IpPrefix prefix) {
        IpAddress a = prefix.address();
        int i = slotOf(a.hi(), a.lo(), meta(prefix));
        if (i < 0) {
            return false;
        }
        int mask = states.length - 1;
        // Shift back the entries after i whose home slot does not lie in (i, j], so lookups never
        // meet a hole before their key.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (states[j] == null) {
                break;
            }
            int k = j * 3;
            int home = hash(keys[k], keys[k + 1], keys[k + 2]) & mask;
            boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!between) {
                put(hole, keys[k], keys[k + 1], keys[k + 2], states[j]);
                hole = j;
            }
        }
        states[hole] = null;
        int k = hole * 3;
        keys[k] = 0;
        keys[k + 1] = 0;
        keys[k + 2] = 0;
        size--;
        modCount++;
        return true;
    }

    /** Every state, in table order; the table must not change while it is walked. */
    Collection<RouteState> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<RouteState> iterator() {
                return new Iterator<>() {
                    private final int expected = modCount;
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < states.length && states[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < states.length;
                    }

                    @Override
                    public RouteState next() {
                        if (modCount != expected) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= states.length) {
                            throw new NoSuchElementException();
                        }
                        RouteState st = states[next];
                        next = advance(next + 1);
                        return st;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public Object[] toArray() {
                Object[] out = new Object[size];
                int n = 0;
                for (RouteState st : states) {
                    if (st != null) {
                        out[n++] = st;
                    }
                }
                return out;
            }
        };
    }
}
