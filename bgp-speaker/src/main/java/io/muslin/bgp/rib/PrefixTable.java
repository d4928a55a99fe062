package io.muslin.bgp.rib;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.function.BiConsumer;

/**
 * A hash table from prefixes to values with open addressing over primitive arrays: no entry
 * objects and no boxed keys, so a million routes cost a few tens of megabytes. IPv4 prefixes pack
 * into one long next to a value array (two memory touches per lookup); IPv6 prefixes live in a
 * second table of two longs plus the length, made only when the first one arrives. Tables grow
 * and shrink with their contents. Not thread-safe: the RIB has one writer.
 */
public final class PrefixTable<V> {
    private static final float LOAD = 0.6f;
    private static final int MIN_CAPACITY = 16;
    /** Marks a deleted IPv4 slot (its key stays so probe chains are not cut). */
    private static final Object TOMBSTONE = new Object();

    // IPv4: key = (address << 8) | (length + 1), never 0; 0 = empty slot.
    private long[] keys4;
    private Object[] vals4;
    private int size4;
    private int used4;

    // IPv6: meta 0 = empty, 1 = deleted, 2 + length = entry.
    private long[] hi6;
    private long[] lo6;
    private byte[] meta6;
    private Object[] vals6;
    private int size6;
    private int used6;

    public PrefixTable() {
        this(MIN_CAPACITY);
    }

    public PrefixTable(int expected) {
        allocate4(capacityFor(expected));
    }

    private static int capacityFor(int expected) {
        int cap = MIN_CAPACITY;
        while (cap * LOAD < expected) {
            cap <<= 1;
        }
        return cap;
    }

    /** Grows 4x while small (cheap early rehashes), 2x once large. */
    private static int grown(int cap) {
        return cap < (1 << 20) ? cap << 2 : cap << 1;
    }

    private void allocate4(int cap) {
        keys4 = new long[cap];
        vals4 = new Object[cap];
        size4 = 0;
        used4 = 0;
    }

    public int size() {
        return size4 + size6;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    private static long key4(int address, int length) {
        return ((address & 0xFFFFFFFFL) << 8) | (length + 1);
    }

    private static int mix(long x) {
        x ^= x >>> 31;
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 29));
    }

    // ---- IPv4 ------------------------------------------------------------------------------------

    /** The slot holding {@code key}, or -1 - (the first empty slot of its chain). */
    private int find4(long key) {
        long[] k = keys4;
        int mask = k.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long s = k[i];
            if (s == key) {
                return i;
            }
            if (s == 0) {
                return -1 - i;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    private V get4(long key) {
        int i = find4(key);
        if (i < 0) {
            return null;
        }
        Object v = vals4[i];
        return v == TOMBSTONE ? null : (V) v;
    }

    @SuppressWarnings("unchecked")
    private V put4(long key, V value) {
        int i = find4(key);
        if (i >= 0) {
            Object old = vals4[i];
            vals4[i] = value;
            if (old == TOMBSTONE) {
                size4++;
                return null;
            }
            return (V) old;
        }
        if (used4 + 1 > keys4.length * LOAD) {
            rehash4(size4 + 1 > keys4.length * LOAD / 2 ? grown(keys4.length) : keys4.length);
            i = find4(key);
        }
        int slot = -1 - i;
        keys4[slot] = key;
        vals4[slot] = value;
        size4++;
        used4++;
        return null;
    }

    @SuppressWarnings("unchecked")
    private V remove4(long key) {
        int i = find4(key);
        if (i < 0 || vals4[i] == TOMBSTONE) {
            return null;
        }
        Object old = vals4[i];
        vals4[i] = TOMBSTONE;
        size4--;
        if (keys4.length > MIN_CAPACITY && size4 < keys4.length / 8) {
            rehash4(Math.max(MIN_CAPACITY, capacityFor(size4 * 2)));
        }
        return (V) old;
    }

    private void rehash4(int cap) {
        long[] ok = keys4;
        Object[] ov = vals4;
        allocate4(cap);
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != 0 && ov[i] != TOMBSTONE) {
                int slot = -1 - find4(ok[i]);
                keys4[slot] = ok[i];
                vals4[slot] = ov[i];
                size4++;
                used4++;
            }
        }
    }

    // ---- IPv6 ------------------------------------------------------------------------------------

    private int find6(long h, long l, byte m) {
        int mask = meta6.length - 1;
        int i = mix(h * 31 + l + m) & mask;
        while (true) {
            byte s = meta6[i];
            if (s == 0) {
                return -1 - i;
            }
            if (s == m && lo6[i] == l && hi6[i] == h) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void allocate6(int cap) {
        hi6 = new long[cap];
        lo6 = new long[cap];
        meta6 = new byte[cap];
        vals6 = new Object[cap];
        size6 = 0;
        used6 = 0;
    }

    private static byte meta6(IpPrefix p) {
        return (byte) (2 + p.length());
    }

    @SuppressWarnings("unchecked")
    private V put6(IpPrefix p, V value) {
        if (meta6 == null) {
            allocate6(MIN_CAPACITY);
        }
        long h = p.address().hi(), l = p.address().lo();
        byte m = meta6(p);
        int i = find6(h, l, m);
        if (i >= 0) {
            V old = (V) vals6[i];
            vals6[i] = value;
            return old;
        }
        if (used6 + 1 > meta6.length * LOAD) {
            rehash6(size6 + 1 > meta6.length * LOAD / 2 ? grown(meta6.length) : meta6.length);
            i = find6(h, l, m);
        }
        int slot = -1 - i;
        hi6[slot] = h;
        lo6[slot] = l;
        meta6[slot] = m;
        vals6[slot] = value;
        size6++;
        used6++;
        return null;
    }

    private void rehash6(int cap) {
        long[] oh = hi6, ol = lo6;
        byte[] om = meta6;
        Object[] ov = vals6;
        allocate6(cap);
        for (int i = 0; i < om.length; i++) {
            if ((om[i] & 0xFF) >= 2) {
                int slot = -1 - find6(oh[i], ol[i], om[i]);
                hi6[slot] = oh[i];
                lo6[slot] = ol[i];
                meta6[slot] = om[i];
                vals6[slot] = ov[i];
                size6++;
                used6++;
            }
        }
    }

    // ---- public API ------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    public V get(IpPrefix p) {
        if (!p.v6()) {
            return get4(key4((int) p.address().lo(), p.length()));
        }
        if (meta6 == null) {
            return null;
        }
        int i = find6(p.address().hi(), p.address().lo(), meta6(p));
        return i >= 0 ? (V) vals6[i] : null;
    }


    /** Associates {@code value} (not null) with the prefix; returns the previous value or null. */
    public V put(IpPrefix p, V value) {
        if (value == null) {
            throw new NullPointerException("PrefixTable values cannot be null");
        }
        return p.v6() ? put6(p, value) : put4(key4((int) p.address().lo(), p.length()), value);
    }


    @SuppressWarnings("unchecked")
    public V remove(IpPrefix p) {
        if (!p.v6()) {
            return remove4(key4((int) p.address().lo(), p.length()));
        }
        if (meta6 == null) {
            return null;
        }
        int i = find6(p.address().hi(), p.address().lo(), meta6(p));
        if (i < 0) {
            return null;
        }
        V old = (V) vals6[i];
        meta6[i] = 1;
        vals6[i] = null;
        size6--;
        if (meta6.length > MIN_CAPACITY && size6 < meta6.length / 8) {
            rehash6(Math.max(MIN_CAPACITY, capacityFor(size6 * 2)));
        }
        return old;
    }

    /** Visits every entry; the table must not be changed meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<IpPrefix, V> action) {
        for (int i = 0; i < keys4.length; i++) {
            long k = keys4[i];
            if (k != 0 && vals4[i] != TOMBSTONE) {
                action.accept(new IpPrefix(IpAddress.v4((int) (k >>> 8)), (int) (k & 0xFF) - 1), (V) vals4[i]);
            }
        }
        if (meta6 != null) {
            for (int i = 0; i < meta6.length; i++) {
                if ((meta6[i] & 0xFF) >= 2) {
                    action.accept(new IpPrefix(IpAddress.v6(hi6[i], lo6[i]), (meta6[i] & 0xFF) - 2), (V) vals6[i]);
                }
            }
        }
    }

    public void clear() {
        allocate4(MIN_CAPACITY);
        hi6 = null;
        lo6 = null;
        meta6 = null;
        vals6 = null;
        size6 = 0;
        used6 = 0;
    }
}
