package io.muslin.agent.peers;

/** What to do with the next hop of routes sent to a peer (Calico's {@code nextHopMode}). */
public enum NextHopMode {
    /** BGP's usual rule: self for eBGP, unchanged for iBGP. */
    AUTO,
    /** Always set this node as the next hop. */
    SELF,
    /** Keep the original next hop, also towards eBGP peers ({@code keepOriginalNextHop}). */
    KEEP
}
