package io.muslin.lab.config;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;

/**
 * The node agent's configuration file for one lab node (docs/node-agent.md): the etcd members, the
 * node's address on its rack subnet, its AS in ToR peering (the rack's), short BGP timers so that
 * a dead node's routes go within seconds, and the HTTP API on the node's loopback.
 */
public final class AgentConfigs {
    /** The agent's HTTP port, on 127.0.0.1 inside the node's namespace. */
    public static final int HTTP_PORT = 9099;
    /** Seconds; a killed agent's routes are withdrawn by its peers within this time. */
    public static final int HOLD_TIME = 30;
    /** Seconds a peer keeps a restarting agent's routes (shorter than the hold time). */
    public static final int GRACEFUL_RESTART_TIME = 20;

    private AgentConfigs() {
    }

    /** The configuration of node {@code n}; {@code stateDir} is its own (the files the CNI plugin reads). */
    public static String agentYaml(Topology t, Placed n, String stateDir) {
        StringBuilder b = new StringBuilder();
        b.append("# Muslin lab ").append(t.name()).append(": node ").append(n.name()).append(" in ").append(n.rack().name()).append("\n");
        b.append("nodeName: ").append(n.name()).append("\n");
        b.append("datastore:\n  type: etcd\n  etcd:\n    endpoints: [").append(String.join(", ", t.etcdEndpoints())).append("]\n");
        b.append("nodeAddress:\n  ipv4: ").append(Topology.nodeAddress(n)).append('/').append(n.rack().subnet().length())
                .append("\n  ipv6: none\n");
        b.append("bgp:\n");
        if (t.peering() == Peering.TOR) {
            b.append("  asNumber: ").append(t.nodeAs(n)).append("\n");
        }
        b.append("  holdTime: ").append(HOLD_TIME).append("\n");
        b.append("  gracefulRestartTime: ").append(GRACEFUL_RESTART_TIME).append("\n");
        b.append("http:\n  address: 127.0.0.1\n  port: ").append(HTTP_PORT).append("\n");
        b.append("routes:\n  resyncInterval: 30s\n");
        b.append("stateDir: ").append(stateDir).append("\n");
        // One plugin server per node: several agents share this host's file system.
        b.append("cniServerFile: ").append(stateDir).append("/cni-server\n");
        b.append("logLevel: info\n");
        return b.toString();
    }
}
