package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Notification;

/** What can happen to a session: the events of RFC 4271 §8.1, as data. */
public sealed interface Input {
    /** Administrative start (ManualStart / AutomaticStart). */
    record Start() implements Input {
    }

    /**
     * Administrative stop: {@code cease} is sent on every connection, then it is closed; the
     * session stays Idle until Start. A null {@code cease} closes the connections without any
     * NOTIFICATION: a stop for a restart, after which a peer that negotiated graceful restart keeps
     * our routes as stale (RFC 4724 §4.2).
     */
    record Stop(Notification cease) implements Input {
        /** A stop for a restart: the TCP connections close, no NOTIFICATION. */
        public static Stop forRestart() {
            return new Stop(null);
        }
    }

    /**
     * The restart this speaker announced is over (its selection deferral ended): OPENs from now on
     * clear the restart-state (R) bit (RFC 4724 §3: it is set only right after a restart).
     */
    record RestartComplete() implements Input {
    }

    /**
     * End the session now with this NOTIFICATION (e.g. Cease 6/1 after too many prefixes) and
     * stay Idle for {@code restartAfterMillis} before starting again.
     */
    record Reset(Notification notification, long restartAfterMillis) implements Input {
    }

    /** A TCP connection is up: our outbound attempt succeeded, or the peer connected to us. */
    record Connected(int connection, Direction direction) implements Input {
    }

    /** Our outbound attempt failed ("connection-refused", "connect-timeout", "no-route-to-host", ...). */
    record ConnectFailed(int connection, String reason) implements Input {
    }

    /** The connection closed or broke ("connection-closed", "connection-reset", ...). */
    record Closed(int connection, String reason) implements Input {
    }

    /** A whole message arrived and decoded (UPDATE errors short of a reset are inside). */
    record Received(int connection, DecodedMessage message) implements Input {
    }

    /** A message arrived that ends the session: the NOTIFICATION to send is in the exception. */
    record ProtocolError(int connection, BgpProtocolException error) implements Input {
    }

    /** A timer armed by {@link Output.ArmTimer} fired. */
    record TimerFired(TimerKey key) implements Input {
    }
}
