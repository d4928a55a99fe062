package io.muslin.lab.scenario;

import io.muslin.lab.check.RouteMonitor;
import io.muslin.lab.driver.Names;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A route monitor in every node's namespace: no deletion of a Muslin route may pass unseen. */
final class Monitors implements AutoCloseable {
    private final Map<String, RouteMonitor> byNode = new LinkedHashMap<>();

    Monitors(Topology t) {
        for (Placed n : t.nodes()) {
            byNode.put(n.name(), RouteMonitor.start(Names.node(n.name())));
        }
    }

    /** "node: Deleted ..." for every deletion of a Muslin route on any node. */
    List<String> deletions() {
        List<String> out = new ArrayList<>();
        byNode.forEach((node, m) -> m.muslinRouteDeletions().forEach(d -> out.add(node + ": " + d)));
        return out;
    }

    @Override
    public void close() {
        byNode.values().forEach(RouteMonitor::close);
    }
}
