package io.muslin.bgp.fsm;

/**
 * Connection collision (RFC 4271 §6.8, with RFC 6286 §2.3 for equal BGP identifiers): of two
 * connections to the same peer, which one is closed with Cease 6/7.
 */
final class CollisionResolution {
    private CollisionResolution() {
    }

    /**
     * The connection to close when {@code opened} has just reached OpenConfirm and {@code other}
     * is past Connect: a session already established wins; of two opened the same way the newer
     * wins; else the one the higher BGP identifier (then the higher AS) opened is kept.
     */
    static Connection loser(SessionSettings settings, Connection opened, Connection other) {
        if (other.state == SessionState.ESTABLISHED) {
            return opened;
        }
        if (other.direction == opened.direction) {
            return other;
        }
        long local = Integer.toUnsignedLong(settings.routerId());
        long remote = Integer.toUnsignedLong(opened.negotiated.peerBgpId());
        boolean keepInbound = local != remote ? local < remote : settings.localAs() < opened.negotiated.peerAs();
        return (opened.direction == Direction.INBOUND) == keepInbound ? other : opened;
    }
}
