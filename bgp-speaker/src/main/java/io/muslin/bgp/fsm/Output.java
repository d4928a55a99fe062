package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.BgpMessage;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.DecodedMessage;

/** What the state machine asks its driver (the Netty handler, or a test) to do, in order. */
public sealed interface Output {
    /** Open an outbound TCP connection with this id. */
    record Connect(int connection) implements Output {
    }

    /** Write a message on a connection. */
    record Send(int connection, BgpMessage message) implements Output {
    }

    /** Close a connection after what was sent on it has been flushed. */
    record Close(int connection) implements Output {
    }

    /** From now on decode and encode on this connection with this context (after OPENs). */
    record UseCodec(int connection, CodecContext context) implements Output {
    }

    /** (Re)arm a timer: it fires once after {@code delayMillis} unless armed again or cancelled. */
    record ArmTimer(TimerKey key, long delayMillis) implements Output {
    }

    record CancelTimer(TimerKey key) implements Output {
    }

    /** The peer's state changed; {@code reason} says why in plain words. */
    record StateChanged(SessionState from, SessionState to, String reason) implements Output {
    }

    /** The session is up: routes may flow. */
    record Established(int connection, Negotiated negotiated) implements Output {
    }

    /**
     * The established session ended. {@code peerMayRestart}: the peer negotiated graceful restart and
     * the end was not a NOTIFICATION it sent or we sent on purpose, so its routes should be kept stale (RFC 4724).
     */
    record Down(String reason, boolean peerMayRestart) implements Output {
    }

    /** An UPDATE or ROUTE-REFRESH to hand to the RIB. */
    record Deliver(DecodedMessage message) implements Output {
    }

    /** RFC 7606 AFI/SAFI disable: drop this family's routes from the peer; further ones are ignored. */
    record FamilyDisabled(AfiSafi family, String reason) implements Output {
    }
}
