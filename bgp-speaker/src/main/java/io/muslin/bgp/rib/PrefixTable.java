package io.muslin.bgp.rib;

import io.muslin.bgp.wire.IpPrefix;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A hash table from prefixes to values with open addressing over primitive arrays: no entry
 * objects and no boxed keys, so a million routes cost a few tens of megabytes. IPv4 prefixes
 * pack into one long; IPv6 into two longs plus the length. Not thread-safe: the RIB has one writer.
 */
public final class PrefixTable<V> {
    private static final float LOAD = 0.6f;

    private long[] hi;     // IPv6: address high bits; null until the first IPv6 key (IPv4 keys have hi = 0)
    private long[] lo;     // IPv4: (address << 8) | (length + 1); IPv6: address low bits
    private byte[] meta;   // 0 = empty, 1 = deleted, 2 = IPv4 entry, 3 + length = IPv6 entry
    private Object[] values;
    private int size;
    private int used;      // live + deleted slots
    private int mask;

    public PrefixTable() {
        this(16);
    }

    public PrefixTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, (int) (expected / LOAD) + 1) - 1) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        hi = null;
        lo = new long[cap];
        meta = new byte[cap];
        values = new Object[cap];
        mask = cap - 1;
        size = 0;
        used = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private static long ipv4Key(int address, int length) {
        return ((address & 0xFFFFFFFFL) << 8) | (length + 1);
    }

    private static int hash(long h, long l, int m) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ m;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 32));
    }

    private int find(long h, long l, byte m) {
        int i = hash(h, l, m) & mask;
        while (true) {
            byte s = meta[i];
            if (s == 0) {
                return -1 - i;
            }
            if (s == m && lo[i] == l && (hi == null ? h == 0 : hi[i] == h)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private static byte metaOf(IpPrefix p) {
        return p.isIpv6() ? (byte) (3 + p.length()) : 2;
    }

    private static long loOf(IpPrefix p) {
        return p.isIpv6() ? p.low() : ipv4Key(p.ipv4Address(), p.length());
    }

    @SuppressWarnings("unchecked")
    public V get(IpPrefix p) {
        int i = find(p.isIpv6() ? p.high() : 0, loOf(p), metaOf(p));
        return i >= 0 ? (V) values[i] : null;
    }

    /** Lookup of an IPv4 prefix without an {@link IpPrefix} object. */
    @SuppressWarnings("unchecked")
    public V getIpv4(int address, int length) {
        int i = find(0, ipv4Key(address, length), (byte) 2);
        return i >= 0 ? (V) values[i] : null;
    }

    /** Associates {@code value} (not null) with the prefix; returns the previous value or null. */
    public V put(IpPrefix p, V value) {
        return put(p.isIpv6() ? p.high() : 0, loOf(p), metaOf(p), value);
    }

    public V putIpv4(int address, int length, V value) {
        return put(0, ipv4Key(address, length), (byte) 2, value);
    }

    @SuppressWarnings("unchecked")
    private V put(long h, long l, byte m, V value) {
        if (value == null) {
            throw new NullPointerException("PrefixTable values cannot be null");
        }
        int i = find(h, l, m);
        if (i >= 0) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if (used + 1 > (mask + 1) * LOAD) {
            rehash(size + 1 > (mask + 1) * LOAD / 2 ? (mask + 1) * 2 : mask + 1);
            i = find(h, l, m);
        }
        int slot = -1 - i;
        // Reuse the first deleted slot on the probe path, if any, to keep chains short.
        int j = hash(h, l, m) & mask;
        while (j != slot) {
            if (meta[j] == 1) {
                slot = j;
                used--;
                break;
            }
            j = (j + 1) & mask;
        }
        if (h != 0 && hi == null) {
            hi = new long[lo.length];
        }
        if (hi != null) {
            hi[slot] = h;
        }
        lo[slot] = l;
        meta[slot] = m;
        values[slot] = value;
        size++;
        used++;
        return null;
    }

    @SuppressWarnings("unchecked")
    public V remove(IpPrefix p) {
        int i = find(p.isIpv6() ? p.high() : 0, loOf(p), metaOf(p));
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        meta[i] = 1;
        values[i] = null;
        size--;
        return old;
    }

    private void rehash(int cap) {
        long[] oh = hi, ol = lo;
        byte[] om = meta;
        Object[] ov = values;
        allocate(cap);
        if (oh != null) {
            hi = new long[cap];
        }
        for (int i = 0; i < om.length; i++) {
            if ((om[i] & 0xFF) >= 2) {
                long h = oh == null ? 0 : oh[i];
                int slot = -1 - find(h, ol[i], om[i]);
                if (hi != null) {
                    hi[slot] = h;
                }
                lo[slot] = ol[i];
                meta[slot] = om[i];
                values[slot] = ov[i];
                size++;
                used++;
            }
        }
    }

    private IpPrefix prefixAt(int i) {
        byte m = meta[i];
        if (m == 2) {
            return IpPrefix.ipv4((int) (lo[i] >>> 8), (int) (lo[i] & 0xFF) - 1);
        }
        return IpPrefix.ipv6(hi == null ? 0 : hi[i], lo[i], (m & 0xFF) - 3);
    }

    /** Visits every entry; the table must not be changed meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<IpPrefix, V> action) {
        for (int i = 0; i < meta.length; i++) {
            if ((meta[i] & 0xFF) >= 2) {
                action.accept(prefixAt(i), (V) values[i]);
            }
        }
    }

    public void clear() {
        hi = null;
        Arrays.fill(meta, (byte) 0);
        Arrays.fill(values, null);
        size = 0;
        used = 0;
    }
}
