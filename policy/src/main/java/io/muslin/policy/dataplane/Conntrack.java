package io.muslin.policy.dataplane;

import java.util.List;

/** The kernel's connection-tracking table. */
public interface Conntrack {

    List<ConntrackEntry> list();

    /** Deletes the entry (both directions); false when it was already gone. */
    boolean delete(ConntrackEntry entry);
}
