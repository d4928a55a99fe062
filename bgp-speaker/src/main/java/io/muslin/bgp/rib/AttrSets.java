package io.muslin.bgp.rib;

import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Interns the {@link AttrSet}s this speaker makes (export, import filters, its own routes) so
 * equal sets are one object. Weak: a set no route uses any more is collected. Received sets do not
 * come here: their peer's {@link PeerPaths} interns them. Used only from the RIB's thread.
 */
public final class AttrSets {
    private final WeakHashMap<AttrSet, WeakReference<AttrSet>> pool = new WeakHashMap<>();

    public AttrSet intern(AttrSet set) {
        WeakReference<AttrSet> ref = pool.get(set);
        AttrSet existing = ref == null ? null : ref.get();
        if (existing != null) {
            return existing;
        }
        pool.put(set, new WeakReference<>(set));
        return set;
    }

    public int size() {
        return pool.size();
    }
}
