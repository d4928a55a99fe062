package io.muslin.lab.check;

/** How a pod's packet leaves its node towards another pod. */
public enum PathKind {
    /** Both pods on one node: the node's /32 route to the veth. */
    LOCAL("local"),
    /** Plain IP straight to the other node over the shared rack subnet. */
    DIRECT("direct"),
    /** Plain IP to the rack's router, which routes it on (ToR peering). */
    VIA_TOR("via ToR"),
    /** Inside VXLAN (UDP 4789) to the other node. */
    VXLAN("vxlan"),
    /** Inside IP-in-IP (protocol 4) to the other node. */
    IPIP("ipip"),
    /** No route, or one this lab does not explain. */
    UNKNOWN("unknown");

    private final String text;

    PathKind(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
