package io.muslin.datastore.cache;

import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/** Pure: the changes that turn what a cache holds into what a fresh list found. */
final class CacheDiff {
    private CacheDiff() {
    }

    /**
     * @param held       what the cache holds, by key
     * @param listed     what the list decoded, by key
     * @param keep       keys the list found but could not decode: their held value (if any) stays
     * @param revision   the list's revision (that of each deletion)
     * @return additions, modifications (the revision differs) and deletions, in key order
     */
    static <R extends Resource> List<ResourceEvent<R>> between(SortedMap<String, Stored<R>> held,
                                                              Map<String, Stored<R>> listed, Set<String> keep,
                                                              long revision) {
        TreeSet<String> keys = new TreeSet<>(held.keySet());
        keys.addAll(listed.keySet());
        List<ResourceEvent<R>> out = new ArrayList<>();
        for (String k : keys) {
            Stored<R> before = held.get(k);
            Stored<R> now = listed.get(k);
            if (now == null) {
                if (before != null && !keep.contains(k)) {
                    out.add(new ResourceEvent.Deleted<>(k, Optional.of(before), revision));
                }
            } else if (before == null) {
                out.add(new ResourceEvent.Added<>(k, now));
            } else if (before.revision() != now.revision()) {
                out.add(new ResourceEvent.Modified<>(k, Optional.of(before), now));
            }
        }
        return out;
    }
}
