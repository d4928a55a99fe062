package io.muslin.bgp.speaker;

/**
 * How {@link Speaker#close(StopMode)} ends its sessions, which decides what the peers do with the
 * routes this speaker advertised.
 */
public enum StopMode {
    /**
     * The speaker comes back soon (a restart or an upgrade of its process). Every TCP connection is
     * closed without a NOTIFICATION: a peer that negotiated graceful restart with us keeps our
     * routes, marked stale, for the restart time we advertised, and replaces them when we are back
     * and have sent our End-of-RIB (RFC 4724 §4.2). This holds whether or not the "N" bit of RFC
     * 8538 was negotiated (that RFC keeps a plain TCP close a restart). A peer without graceful
     * restart drops our routes, as it would on any session loss.
     */
    RESTART,

    /**
     * The speaker is going away. Every peer gets Cease 6/2 Administrative Shutdown, sent as a
     * Cease 6/9 Hard Reset carrying it where both ends sent the N bit (RFC 8538 §5.1): peers drop
     * our routes at once, whatever their graceful-restart settings.
     */
    FOR_GOOD
}
