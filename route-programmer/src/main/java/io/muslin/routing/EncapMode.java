package io.muslin.routing;

/** A pool's {@code ipipMode} / {@code vxlanMode}, as in Calico. */
public enum EncapMode {
    /** Encapsulate to every other node. */
    ALWAYS,
    /** Encapsulate only when the next hop is not on a directly connected subnet. */
    CROSS_SUBNET,
    /** Never encapsulate. */
    NEVER
}
