package io.muslin.policy.fake;

import io.muslin.policy.dataplane.Conntrack;
import io.muslin.policy.dataplane.ConntrackEntry;
import java.util.ArrayList;
import java.util.List;

/** A conntrack table held in a list, for unit tests. */
public final class FakeConntrack implements Conntrack {

    private final List<ConntrackEntry> entries = new ArrayList<>();
    private final List<ConntrackEntry> deleted = new ArrayList<>();

    public void add(ConntrackEntry e) {
        entries.add(e);
    }

    @Override
    public List<ConntrackEntry> list() {
        return List.copyOf(entries);
    }

    @Override
    public boolean delete(ConntrackEntry entry) {
        boolean removed = entries.remove(entry);
        if (removed) {
            deleted.add(entry);
        }
        return removed;
    }

    /** Entries deleted so far, in order. */
    public List<ConntrackEntry> deleted() {
        return List.copyOf(deleted);
    }
}
