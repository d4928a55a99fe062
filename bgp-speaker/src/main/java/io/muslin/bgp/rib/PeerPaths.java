package io.muslin.bgp.rib;

/**
 * One peer's paths of the current generation, found by their attributes: the interning table
 * through which every route a peer sent with equal attributes shares one {@link Path} and one
 * {@link AttrSet}. Open addressing over one array of paths (no entry objects, no boxed keys). A
 * path leaves when the last Loc-RIB route using it does ({@link LocRib} counts them), so an
 * attribute set no route uses any more is not kept. RIB thread only.
 */
final class PeerPaths {
    private static final int MIN_CAPACITY = 16;

    private Path[] slots = new Path[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    private static int home(AttrSet attrs, int mask) {
        int h = attrs.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The path with attributes equal to {@code attrs}, or null. */
    Path get(AttrSet attrs) {
        Path[] s = slots;
        int mask = s.length - 1;
        for (int i = home(attrs, mask); ; i = (i + 1) & mask) {
            Path p = s[i];
            if (p == null) {
                return null;
            }
            if (p.attrs == attrs || p.attrs.equals(attrs)) {
                return p;
            }
        }
    }

    /** Adds a path whose attributes are not in the table yet. */
    void add(Path p) {
        if ((size + 1) * 2 > slots.length) {
            resize(slots.length * 2);
        }
        insert(slots, p);
        size++;
    }

    private static void insert(Path[] s, Path p) {
        int mask = s.length - 1;
        int i = home(p.attrs, mask);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = p;
    }

    /** Removes this very path (not an equal one of another generation); nothing when it is not here. */
    void remove(Path p) {
        Path[] s = slots;
        int mask = s.length - 1;
        int hole = home(p.attrs, mask);
        while (s[hole] != p) {
            if (s[hole] == null) {
                return;
            }
            hole = (hole + 1) & mask;
        }
        // Backward-shift deletion: pull later members of the probe chain into the hole, so lookups
        // never stop early and no tombstones pile up under churn.
        for (int j = (hole + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int h = home(s[j].attrs, mask);
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = null;
        size--;
        if (s.length > MIN_CAPACITY && size * 8 < s.length) {
            resize(s.length / 2);
        }
    }

    void clear() {
        slots = new Path[MIN_CAPACITY];
        size = 0;
    }

    private void resize(int capacity) {
        Path[] next = new Path[capacity];
        for (Path p : slots) {
            if (p != null) {
                insert(next, p);
            }
        }
        slots = next;
    }
}
