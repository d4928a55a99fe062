package io.muslin.routing;

/** How a route leaves this node, as {@code muslin routes} and the metrics name it. */
public enum RouteKind {
    /** {@code via NH dev <uplink>}: the next hop is on a connected subnet (host-gw). */
    DIRECT("direct"),
    /** {@code via NH dev tunl0 onlink}. */
    IPIP("ipip"),
    /** {@code via NH dev vxlan.muslin onlink}, with the peer's neighbour and FDB entries. */
    VXLAN("vxlan"),
    /** {@code via NH}: not connected, not encapsulated; the fabric (ToR) routes it. */
    FABRIC("via"),
    /** {@code blackhole <own block>}. */
    BLACKHOLE("blackhole");

    private final String label;

    RouteKind(String label) {
        this.label = label;
    }

    /** The word used in tables, JSON and metric labels. */
    public String label() {
        return label;
    }
}
