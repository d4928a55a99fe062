package io.muslin.bgp.rib;

import java.util.ArrayList;
import java.util.List;

/** A prefix with paths from more than one source, and their current selection. */
final class Destination {
    final List<Path> paths;
    Selection selection;

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

    /** Replaces the path of the same peer, or adds it. */
    void put(Path path) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).peer == path.peer) {
                paths.set(i, path);
                return;
            }
        }
        paths.add(path);
    }

    boolean remove(RibPeer peer) {
        return paths.removeIf(p -> p.peer == peer);
    }
}
