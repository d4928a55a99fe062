package io.muslin.bgp.rib;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;

/**
 * A hash table from prefixes to small non-negative ints (ids of entries the caller keeps in an
 * array of its own), for the Loc-RIB's million routes. An IPv4 prefix and its id share one
 * {@code long}: a lookup or an insert touches one place in memory, where a key array beside a
 * value array touches two. An IPv6 slot is three longs side by side (address, then length and
 * id). There are no references in it at all, so the garbage collector never scans it: with
 * values in an {@code Object[]}, every route stored between two young collections marks a card
 * of the table dirty, and each collection read the whole array again.
 *
 * <p>Linear probing, deletion by shifting back (no tombstones), at most 60 % full; tables grow
 * and shrink with their contents. Ids go up to {@link #MAX_ID}. Not thread-safe: the RIB has one
 * writer.
 */
final class PrefixIdTable {
    /** Ids fit in 26 bits, beside the 38 of an IPv4 key. */
    static final int MAX_ID = (1 << 26) - 1;
    static final int NONE = -1;
    private static final int ID_BITS = 26;
    private static final long ID_MASK = MAX_ID;
    private static final int MIN_CAPACITY = 16;
    private static final float LOAD = 0.6f;

    /** IPv4: {@code key << 26 | id}, key = address << 6 | (length + 1), never 0; 0 = empty. */
    private long[] slots4 = new long[MIN_CAPACITY];
    private int size4;
    /** IPv6: per slot {hi, lo, (length + 1) << 32 | id}; a third long of 0 = empty. Made at the first. */
    private long[] slots6;
    private int size6;

    int size() {
        return size4 + size6;
    }

    private static long key4(IpPrefix p) {
        return (p.address().lo() & 0xFFFFFFFFL) << 6 | (p.length() + 1);
    }

    private static int mix(long x) {
        x ^= x >>> 31;
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 29));
    }

    private static void checkId(int id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("id " + id + " is outside 0.." + MAX_ID);
        }
    }

    /** The prefix's id, or {@link #NONE}. */
    int get(IpPrefix p) {
        if (p.v6()) {
            int i = find6(p.address().hi(), p.address().lo(), p.length() + 1L);
            return i < 0 ? NONE : (int) (slots6[3 * i + 2] & ID_MASK);
        }
        long[] s = slots4;
        long key = key4(p);
        int mask = s.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long v = s[i];
            if (v == 0) {
                return NONE;
            }
            if (v >>> ID_BITS == key) {
                return (int) (v & ID_MASK);
            }
        }
    }

    /** Sets the prefix's id; returns the previous one, or {@link #NONE}. */
    int put(IpPrefix p, int id) {
        checkId(id);
        return p.v6() ? put6(p, id) : put4(key4(p), id);
    }

    private int put4(long key, int id) {
        long[] s = slots4;
        int mask = s.length - 1;
        int i = mix(key) & mask;
        for (long v; (v = s[i]) != 0; i = (i + 1) & mask) {
            if (v >>> ID_BITS == key) {
                s[i] = key << ID_BITS | id;
                return (int) (v & ID_MASK);
            }
        }
        s[i] = key << ID_BITS | id;
        if (++size4 > s.length * LOAD) {
            rehash4(s.length << 1);
        }
        return NONE;
    }

    /** Removes the prefix; returns its id, or {@link #NONE} when it was not there. */
    int remove(IpPrefix p) {
        if (p.v6()) {
            return remove6(p);
        }
        long[] s = slots4;
        long key = key4(p);
        int mask = s.length - 1;
        int i = mix(key) & mask;
        for (long v; (v = s[i]) != 0; i = (i + 1) & mask) {
            if (v >>> ID_BITS == key) {
                shiftBack4(s, i);
                size4--;
                if (s.length > MIN_CAPACITY && size4 < s.length / 8) {
                    rehash4(Math.max(MIN_CAPACITY, s.length >>> 2));
                }
                return (int) (v & ID_MASK);
            }
        }
        return NONE;
    }

    /** Closes the gap at {@code gap}: later slots of the run whose home is not between the gap and them move into it. */
    private static void shiftBack4(long[] s, int gap) {
        int mask = s.length - 1;
        for (int j = (gap + 1) & mask; s[j] != 0; j = (j + 1) & mask) {
            int home = mix(s[j] >>> ID_BITS) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                s[gap] = s[j];
                gap = j;
            }
        }
        s[gap] = 0;
    }

    private void rehash4(int capacity) {
        long[] old = slots4;
        long[] s = new long[capacity];
        int mask = capacity - 1;
        for (long v : old) {
            if (v != 0) {
                int i = mix(v >>> ID_BITS) & mask;
                while (s[i] != 0) {
                    i = (i + 1) & mask;
                }
                s[i] = v;
            }
        }
        slots4 = s;
    }

    // ---- IPv6 ------------------------------------------------------------------------------------

    private static int hash6(long hi, long lo, long meta) {
        return mix(hi * 0x9E3779B97F4A7C15L + lo + meta * 0xC2B2AE3D27D4EB4FL);
    }

    /** The slot (not the index into the array) holding the key, or -1. */
    private int find6(long hi, long lo, long meta) {
        long[] s = slots6;
        if (s == null) {
            return -1;
        }
        int mask = s.length / 3 - 1;
        for (int i = hash6(hi, lo, meta) & mask; ; i = (i + 1) & mask) {
            long m = s[3 * i + 2];
            if (m == 0) {
                return -1;
            }
            if (m >>> 32 == meta && s[3 * i + 1] == lo && s[3 * i] == hi) {
                return i;
            }
        }
    }

    private int put6(IpPrefix p, int id) {
        if (slots6 == null) {
            slots6 = new long[3 * MIN_CAPACITY];
        }
        long hi = p.address().hi(), lo = p.address().lo(), meta = p.length() + 1L;
        long[] s = slots6;
        int mask = s.length / 3 - 1;
        int i = hash6(hi, lo, meta) & mask;
        for (long m; (m = s[3 * i + 2]) != 0; i = (i + 1) & mask) {
            if (m >>> 32 == meta && s[3 * i + 1] == lo && s[3 * i] == hi) {
                s[3 * i + 2] = meta << 32 | id;
                return (int) (m & ID_MASK);
            }
        }
        s[3 * i] = hi;
        s[3 * i + 1] = lo;
        s[3 * i + 2] = meta << 32 | id;
        if (++size6 > (s.length / 3) * LOAD) {
            rehash6(2 * (s.length / 3));
        }
        return NONE;
    }

    private int remove6(IpPrefix p) {
        int i = find6(p.address().hi(), p.address().lo(), p.length() + 1L);
        if (i < 0) {
            return NONE;
        }
        long[] s = slots6;
        int id = (int) (s[3 * i + 2] & ID_MASK);
        int mask = s.length / 3 - 1;
        int gap = i;
        for (int j = (gap + 1) & mask; s[3 * j + 2] != 0; j = (j + 1) & mask) {
            int home = hash6(s[3 * j], s[3 * j + 1], s[3 * j + 2] >>> 32) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                System.arraycopy(s, 3 * j, s, 3 * gap, 3);
                gap = j;
            }
        }
        s[3 * gap] = 0;
        s[3 * gap + 1] = 0;
        s[3 * gap + 2] = 0;
        size6--;
        int capacity = s.length / 3;
        if (capacity > MIN_CAPACITY && size6 < capacity / 8) {
            rehash6(Math.max(MIN_CAPACITY, capacity >>> 2));
        }
        return id;
    }

    private void rehash6(int capacity) {
        long[] old = slots6;
        long[] s = new long[3 * capacity];
        int mask = capacity - 1;
        for (int k = 0; k < old.length; k += 3) {
            if (old[k + 2] != 0) {
                int i = hash6(old[k], old[k + 1], old[k + 2] >>> 32) & mask;
                while (s[3 * i + 2] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, k, s, 3 * i, 3);
            }
        }
        slots6 = s;
    }

    // ---- walking -------------------------------------------------------------------------------

    /** What {@link #forEach} hands each entry to. */
    interface Visitor {
        void visit(IpPrefix prefix, int id);
    }

    /** Visits every entry; the table must not be changed meanwhile. */
    void forEach(Visitor visitor) {
        for (long v : slots4) {
            if (v != 0) {
                long key = v >>> ID_BITS;
                visitor.visit(new IpPrefix(IpAddress.v4((int) (key >>> 6)), (int) (key & 0x3F) - 1), (int) (v & ID_MASK));
            }
        }
        if (slots6 != null) {
            for (int k = 0; k < slots6.length; k += 3) {
                long m = slots6[k + 2];
                if (m != 0) {
                    visitor.visit(new IpPrefix(IpAddress.v6(slots6[k], slots6[k + 1]), (int) (m >>> 32) - 1), (int) (m & ID_MASK));
                }
            }
        }
    }
}
