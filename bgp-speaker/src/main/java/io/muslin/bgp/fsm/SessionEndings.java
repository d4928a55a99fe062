package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.Notification;

/**
 * How a session's end is told and taken under graceful restart: whether the peer may be
 * restarting, so that its routes stay as stale (RFC 4724; RFC 8538 after a NOTIFICATION too), the
 * Cease that goes out as a Hard Reset (RFC 8538 §5.1), and the name of a received Hard Reset.
 */
final class SessionEndings {
    private final SessionSettings settings;

    SessionEndings(SessionSettings settings) {
        this.settings = settings;
    }

    boolean grEnabled() {
        return settings.gracefulRestartTime() > 0;
    }

    /** The connection negotiated graceful restart both ways: its end without NOTIFICATION keeps routes. */
    boolean gracefulRestartAgreed(Connection c) {
        return c.negotiated != null && c.negotiated.peerGracefulRestart() != null && grEnabled();
    }

    /** RFC 4724 without NOTIFICATION; RFC 8538: with one too when both sent the N bit, unless Hard Reset. */
    boolean mayRestartAfter(Connection c, Notification n) {
        return bothSentN(c) && !(n.code() == Notification.CEASE && n.subcode() == Notification.HARD_RESET);
    }

    /** Our OPEN carries the N bit whenever it carries GR; did the peer's? */
    private boolean bothSentN(Connection c) {
        return gracefulRestartAgreed(c) && c.negotiated.peerGracefulRestart().notification();
    }

    /**
     * RFC 8538 §5.1: with the N bit on both sides, a Cease that ends the session for good (maximum
     * prefixes, administrative shutdown, peer de-configured) goes out as a Hard Reset carrying it;
     * sent as it is, the peer would keep our routes as if we were restarting.
     */
    Notification outgoing(Connection c, Notification n) {
        if (n.code() != Notification.CEASE || !bothSentN(c)) {
            return n;
        }
        return switch (n.subcode()) {
            case Notification.MAX_PREFIXES_REACHED, Notification.ADMINISTRATIVE_SHUTDOWN, Notification.PEER_DECONFIGURED -> {
                byte[] inner = n.data();
                byte[] d = new byte[inner.length + 2];
                d[0] = (byte) n.code();
                d[1] = (byte) n.subcode();
                System.arraycopy(inner, 0, d, 2, inner.length);
                yield new Notification(Notification.CEASE, Notification.HARD_RESET, d);
            }
            default -> n;
        };
    }

    /** A Hard Reset (RFC 8538 §3) is named by the NOTIFICATION it carries: "6/3 peer-deconfigured (hard reset)". */
    static String describeReceived(Notification n) {
        byte[] d = n.data();
        if (n.code() != Notification.CEASE || n.subcode() != Notification.HARD_RESET || d.length < 2) {
            return n.describe();
        }
        Notification inner = new Notification(d[0] & 0xFF, d[1] & 0xFF, java.util.Arrays.copyOfRange(d, 2, d.length));
        return inner.describe() + " (hard reset)";
    }
}
