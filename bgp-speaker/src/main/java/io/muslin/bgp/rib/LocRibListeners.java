package io.muslin.bgp.rib;

import java.util.ArrayList;
import java.util.List;

/** The Loc-RIB's consumers, each handed every snapshot and batch of changes in the order they subscribed. */
final class LocRibListeners implements LocRibListener {
    private final List<LocRibListener> listeners = new ArrayList<>();

    void add(LocRibListener l) {
        listeners.add(l);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    @Override
    public void snapshot(List<RouteChange> routes, boolean complete) {
        for (LocRibListener l : listeners) {
            l.snapshot(routes, complete);
        }
    }

    @Override
    public void changes(List<RouteChange> changes) {
        for (LocRibListener l : listeners) {
            l.changes(changes);
        }
    }
}
