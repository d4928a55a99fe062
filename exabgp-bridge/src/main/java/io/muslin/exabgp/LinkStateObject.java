package io.muslin.exabgp;

import java.util.List;

/**
 * One BGP-LS NLRI (RFC 7752 §3.2) with what its BGP-LS attribute (type 29) said about it, in
 * the words of ExaBGP's JSON.
 */
public sealed interface LinkStateObject {
    /** RFC 7752 §3.2.1.4: who an object belongs to, e.g. {@code as:65001/router:10.1.1.1}. */
    record NodeDescriptor(long asNumber, String bgpLsId, String areaId, String routerId) {
        /** The node's key: its AS and IGP router id (plus the OSPF area when there is one). */
        public String id() {
            return "as" + asNumber + "/" + (areaId == null ? "" : "area" + areaId + "/") + routerId;
        }
    }

    /** A Node NLRI (type 1). {@code name} is the Node Name TLV 1026, or null. */
    record Node(int protocolId, NodeDescriptor node, String name) implements LinkStateObject {
    }

    /** A Link NLRI (type 2) from {@code local} to {@code remote}; {@code igpMetric} is null when absent. */
    record Link(int protocolId, NodeDescriptor local, NodeDescriptor remote, List<String> localAddresses,
                List<String> remoteAddresses, Long igpMetric) implements LinkStateObject {
        public Link {
            localAddresses = List.copyOf(localAddresses);
            remoteAddresses = List.copyOf(remoteAddresses);
        }

        /** The link's key: both ends and their interface addresses. */
        public String id() {
            return local.id() + " -> " + remote.id() + (localAddresses.isEmpty() ? "" : " " + localAddresses)
                    + (remoteAddresses.isEmpty() ? "" : " " + remoteAddresses);
        }
    }

    /** A Prefix NLRI (type 3 or 4) reachable through {@code node}; {@code metric} is null when absent. */
    record Prefix(int protocolId, NodeDescriptor node, String prefix, Long metric) implements LinkStateObject {
    }
}
