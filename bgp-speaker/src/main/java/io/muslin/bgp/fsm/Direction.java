package io.muslin.bgp.fsm;

/** Who opened a TCP connection: this speaker (outbound) or the peer (inbound). */
public enum Direction {
    OUTBOUND, INBOUND
}
