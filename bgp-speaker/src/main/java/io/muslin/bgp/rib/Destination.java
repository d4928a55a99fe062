package io.muslin.bgp.rib;

import java.util.ArrayList;
import java.util.List;

/** A prefix with paths from more than one source, and their current selection. */
final class Destination {
    final List<Path> paths;
    Selection selection;
    /** The destination's id in the Loc-RIB's table; -1 without one. */
    int entryId = -1;

    Destination(List<Path> paths) {
        this.paths = new ArrayList<>(paths);
    }

    Path pathOf(RibPeer peer) {
        for (Path p : paths) {
            if (p.peer == peer) {
                return p;
            }
        }
        return null;
    }

    /** Replaces the path of the same peer, or adds it; returns the path replaced, or null. */
    Path put(Path path) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).peer == path.peer) {
                return paths.set(i, path);
            }
        }
        paths.add(path);
        return null;
    }

    /** Removes the peer's path; returns it, or null when the peer had none here. */
    Path remove(RibPeer peer) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).peer == peer) {
                return paths.remove(i);
            }
        }
        return null;
    }
}
