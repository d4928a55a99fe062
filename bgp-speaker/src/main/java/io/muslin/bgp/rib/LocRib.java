package io.muslin.bgp.rib;

import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The Loc-RIB: for each prefix a single {@link Path} (the common case, no extra object) or a
 * {@link Destination} with several paths and their selection, in a primitive
 * {@link PrefixTable}; and the log of this batch's changes, which {@link RibCore} hands to
 * consumers and Adj-RIB-Outs. Counts each peer's accepted prefixes. RIB thread only.
 */
final class LocRib {
    private final PrefixTable<Object> table = new PrefixTable<>();
    /** Whether changes are logged now: not while selection is deferred (a complete snapshot follows). */
    private final BooleanSupplier tracking;
    private final List<IpPrefix> changedPrefixes = new ArrayList<>();
    private final List<Object> changedValues = new ArrayList<>();
    private BestPath bestPath;
    /** {@link #routeOf}'s last single path and the value made for it. */
    private Path lastPath;
    private boolean lastStale;
    private BestRoute lastRoute;

    LocRib(BestPath bestPath, BooleanSupplier tracking) {
        this.bestPath = bestPath;
        this.tracking = tracking;
    }

    int size() {
        return table.size();
    }

    /** The entry for a prefix: a Path, a Destination, or null. */
    Object get(IpPrefix x) {
        return table.get(x);
    }

    void forEach(BiConsumer<IpPrefix, Object> action) {
        table.forEach(action);
    }

    /** A new decision process (always-compare-MED changed): every shared prefix is selected again. */
    void reselectAll(BestPath next) {
        bestPath = next;
        List<IpPrefix> shared = new ArrayList<>();
        table.forEach((x, v) -> {
            if (v instanceof Destination) {
                shared.add(x);
            }
        });
        for (IpPrefix x : shared) {
            reselect(x, (Destination) table.get(x), null);
        }
    }

    /** Sets the path of {@code path.peer} for the prefix (adding or replacing it) and selects again. */
    void setPath(IpPrefix x, Path path) {
        // One probe for the common cases (a new prefix, or the same peer again); the rest fix up.
        Object cur = table.put(x, path);
        if (cur == null) {
            path.peer.accepted++;
            path.routes++;
            changed(x, path, path.peer);
        } else if (cur instanceof Path c) {
            if (c.peer == path.peer) {
                if (c != path) {
                    path.routes++;
                    release(c);
                    changed(x, path, path.peer);
                }
            } else {
                Destination d = new Destination(List.of(c, path));
                d.selection = bestPath.select(d.paths);
                table.put(x, d);
                path.peer.accepted++;
                path.routes++;
                if (d.selection.best() != c || d.selection.ecmp() > 1) {
                    changed(x, d, path.peer);
                }
            }
        } else {
            Destination d = (Destination) cur;
            table.put(x, d);
            Path replaced = d.put(path);
            if (replaced == null) {
                path.peer.accepted++;
            }
            if (replaced != path) {
                path.routes++;
                if (replaced != null) {
                    release(replaced);
                }
            }
            reselect(x, d, path.peer);
        }
    }

    void removePath(RibPeer peer, IpPrefix x) {
        Object cur = table.get(x);
        if (cur instanceof Path c) {
            if (c.peer == peer) {
                table.remove(x);
                peer.accepted--;
                release(c);
                changed(x, null, peer);
            }
        } else if (cur instanceof Destination d) {
            Path gone = d.remove(peer);
            if (gone == null) {
                return;
            }
            peer.accepted--;
            release(gone);
            if (d.paths.size() == 1) {
                Path only = d.paths.getFirst();
                table.put(x, only);
                if (d.selection.best() != only || d.selection.ecmp() > 1) {
                    changed(x, only, peer);
                }
            } else {
                reselect(x, d, peer);
            }
        }
    }

    /** One route less uses the path; the last one lets its peer forget it (and its attribute set). */
    private static void release(Path p) {
        if (--p.routes == 0) {
            p.peer.unused(p);
        }
    }

    private void reselect(IpPrefix x, Destination d, RibPeer source) {
        Selection before = d.selection;
        d.selection = bestPath.select(d.paths);
        if (before == null || before.best() != d.selection.best() || !before.multipath().equals(d.selection.multipath())) {
            changed(x, d, source);
        }
    }

    /**
     * Notes a change for this batch (not while selection is deferred). A prefix that changes
     * twice in a batch is noted twice; consumers and Adj-RIB-Outs take the later one.
     */
    private void changed(IpPrefix x, Object value, RibPeer source) {
        if (tracking.getAsBoolean()) {
            changedPrefixes.add(x);
            changedValues.add(value);
        }
    }

    boolean hasChanges() {
        return !changedPrefixes.isEmpty();
    }

    /** How many changes are noted (a prefix changed twice counts twice). */
    int changeCount() {
        return changedPrefixes.size();
    }

    /** The prefix of the {@code i}th noted change, in order. */
    IpPrefix changedPrefix(int i) {
        return changedPrefixes.get(i);
    }

    /** The entry of the {@code i}th noted change (a Path, a Destination, or null when the prefix is gone). */
    Object changedValue(int i) {
        return changedValues.get(i);
    }

    /** Forgets the noted changes (a complete snapshot replaces them). */
    void forgetChanges() {
        changedPrefixes.clear();
        changedValues.clear();
    }

    /** Every route as consumers see it. */
    List<RouteChange> snapshot() {
        List<RouteChange> all = new ArrayList<>(table.size());
        table.forEach((x, v) -> all.add(new RouteChange(x, routeOf(v))));
        return Collections.unmodifiableList(all);
    }

    /** The routes of {@code p} (best or not): prefix → attributes. */
    Map<IpPrefix, AttrSet> pathsOf(RibPeer p) {
        Map<IpPrefix, AttrSet> out = new LinkedHashMap<>();
        table.forEach((x, v) -> {
            Path path = pathOf(v, p);
            if (path != null) {
                out.put(x, path.attrs);
            }
        });
        return out;
    }

    static Path pathOf(Object v, RibPeer p) {
        return v instanceof Path single ? (single.peer == p ? single : null) : ((Destination) v).pathOf(p);
    }

    static Path bestOf(Object v) {
        return v instanceof Path p ? p : ((Destination) v).selection.best();
    }

    /**
     * The value handed to consumers for an entry (null: none). The routes of one path that follow
     * each other (a batch of one UPDATE's prefixes, a table walk) share one value: it is made for
     * the path once per run rather than kept with every path for good.
     */
    BestRoute routeOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Path p) {
            boolean stale = p.isStale();
            if (p != lastPath || stale != lastStale) {
                lastRoute = p.asOnlyRoute();
                lastPath = p;
                lastStale = stale;
            }
            return lastRoute;
        }
        return Path.bestOf(((Destination) v).selection);
    }

    static Selection selectionOf(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Path p ? new Selection(List.of(p), 1, BestPath.ONLY_PATH) : ((Destination) v).selection;
    }
}
