package io.muslin.bgp.rib;

import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The Loc-RIB: for each prefix a single {@link Path} (the common case, no extra object) or a
 * {@link Destination} with several paths and their selection; and the log of this batch's
 * changes, which {@link RibCore} hands to consumers and Adj-RIB-Outs. Counts each peer's
 * accepted prefixes. RIB thread only.
 *
 * <p>The prefixes map to the entries' ids in a {@link PrefixIdTable} (no references: nothing for
 * the garbage collector to scan), and the entries sit in {@link #entries} under their ids: a
 * path has an id while a route uses it, a destination while it exists. Freed ids are used again
 * before new ones are made, so the array stays as long as the most paths and destinations in use
 * at once.
 */
final class LocRib {
    private final PrefixIdTable table = new PrefixIdTable();
    /** Id to entry (a Path or a Destination); null for a free id. */
    private Object[] entries = new Object[64];
    /** Freed ids, to be used again before {@link #nextId}. */
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId;
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
        int id = table.get(x);
        return id < 0 ? null : entries[id];
    }

    void forEach(BiConsumer<IpPrefix, Object> action) {
        table.forEach((x, id) -> action.accept(x, entries[id]));
    }

    // ---- entry ids ---------------------------------------------------------------------------

    private int newId(Object entry) {
        int id;
        if (freeCount > 0) {
            id = freeIds[--freeCount];
        } else {
            if (nextId > PrefixIdTable.MAX_ID) {
                throw new IllegalStateException("the Loc-RIB holds more than " + PrefixIdTable.MAX_ID + " paths and destinations");
            }
            id = nextId++;
            if (id == entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
        }
        entries[id] = entry;
        return id;
    }

    private void freeId(int id) {
        entries[id] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
        }
        freeIds[freeCount++] = id;
    }

    /** The path's id, given it now when it has none (its first route). */
    private int idOf(Path p) {
        if (p.entryId < 0) {
            p.entryId = newId(p);
        }
        return p.entryId;
    }

    private int idOf(Destination d) {
        if (d.entryId < 0) {
            d.entryId = newId(d);
        }
        return d.entryId;
    }

    /** Ids given to paths and destinations now in use. */
    int entriesInUse() {
        return nextId - freeCount;
    }

    /** Ids ever made (the length the entry array needed). */
    int idsMade() {
        return nextId;
    }

    private void forget(Destination d) {
        freeId(d.entryId);
        d.entryId = -1;
    }

    /** A new decision process (always-compare-MED changed): every shared prefix is selected again. */
    void reselectAll(BestPath next) {
        bestPath = next;
        List<IpPrefix> shared = new ArrayList<>();
        forEach((x, v) -> {
            if (v instanceof Destination) {
                shared.add(x);
            }
        });
        for (IpPrefix x : shared) {
            reselect(x, (Destination) get(x), null);
        }
    }

    /** Sets the path of {@code path.peer} for the prefix (adding or replacing it) and selects again. */
    void setPath(IpPrefix x, Path path) {
        // One probe for the common cases (a new prefix, or the same peer again); the rest fix up.
        int was = table.put(x, idOf(path));
        Object cur = was < 0 ? null : entries[was];
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
                table.put(x, idOf(d));
                path.peer.accepted++;
                path.routes++;
                if (d.selection.best() != c || d.selection.ecmp() > 1) {
                    changed(x, d, path.peer);
                }
            }
        } else {
            Destination d = (Destination) cur;
            table.put(x, d.entryId);
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
        Object cur = get(x);
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
                table.put(x, idOf(only));
                forget(d);
                if (d.selection.best() != only || d.selection.ecmp() > 1) {
                    changed(x, only, peer);
                }
            } else {
                reselect(x, d, peer);
            }
        }
    }

    /** One route less uses the path; the last one frees its id and lets its peer forget it (and its attribute set). */
    private void release(Path p) {
        if (--p.routes == 0) {
            if (p.entryId >= 0) {
                freeId(p.entryId);
                p.entryId = -1;
            }
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
        forEach((x, v) -> all.add(new RouteChange(x, routeOf(v))));
        return Collections.unmodifiableList(all);
    }

    /** The routes of {@code p} (best or not): prefix → attributes. */
    Map<IpPrefix, AttrSet> pathsOf(RibPeer p) {
        Map<IpPrefix, AttrSet> out = new LinkedHashMap<>();
        forEach((x, v) -> {
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
