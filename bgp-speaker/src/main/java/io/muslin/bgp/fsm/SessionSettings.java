package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import java.time.Duration;
import java.util.List;

/**
 * What the session state machine needs to know about one peer. Transport settings (address,
 * port, MD5 password, TTL) live in the transport's peer configuration.
 *
 * @param localAs             this speaker's AS
 * @param routerId            this speaker's BGP identifier (IPv4 address as an int)
 * @param peerAs              the AS the peer must have; 0 accepts any (its AS is learned from OPEN)
 * @param passive             wait for the peer to connect, never connect out
 * @param holdTime            seconds proposed in OPEN; 0 disables keepalives, else 3..65535
 * @param connectRetry        wait between outbound connection attempts
 * @param families            address families to offer (multiprotocol capabilities)
 * @param gracefulRestartTime seconds a peer should keep our routes when we restart (RFC 4724); 0 = no GR capability
 * @param restarting          set the restart-state (R) bit: this process just restarted
 * @param forwardingPreserved set the F bit per family: the kernel kept our routes over the restart
 * @param idleHoldMin         first wait in Idle after a failure; doubled per consecutive failure
 * @param idleHoldMax         the largest wait in Idle
 * @param stableTime          a session that stayed Established this long resets the failure count
 */
public record SessionSettings(long localAs, int routerId, long peerAs, boolean passive, int holdTime,
                              Duration connectRetry, List<AfiSafi> families, int gracefulRestartTime,
                              boolean restarting, boolean forwardingPreserved, Duration idleHoldMin,
                              Duration idleHoldMax, Duration stableTime) {
    public static final int DEFAULT_HOLD_TIME = 90;
    /** RFC 4271 §8: hold timer in OpenSent is set to "a large value", 4 minutes suggested. */
    public static final Duration OPEN_SENT_HOLD = Duration.ofMinutes(4);

    public SessionSettings {
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new IllegalArgumentException("holdTime " + holdTime + " must be 0 or 3..65535 seconds");
        }
        if (localAs <= 0 || localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("asNumber " + localAs + " must be 1..4294967295");
        }
        if (peerAs < 0 || peerAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("peer asNumber " + peerAs + " must be 0..4294967295");
        }
        if (routerId == 0) {
            throw new IllegalArgumentException("routerId 0.0.0.0 is not a valid BGP identifier");
        }
        families = List.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("at least one address family is needed");
        }
    }

    /** Defaults: active, hold 90 s, retry 5 s, IPv4 and IPv6 unicast, no GR, idle hold 1 s doubling to 120 s. */
    public static SessionSettings of(long localAs, int routerId, long peerAs) {
        return new SessionSettings(localAs, routerId, peerAs, false, DEFAULT_HOLD_TIME, Duration.ofSeconds(5),
                List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), 0, false, false,
                Duration.ofSeconds(1), Duration.ofSeconds(120), Duration.ofSeconds(60));
    }

    public SessionSettings withPassive(boolean p) {
        return new SessionSettings(localAs, routerId, peerAs, p, holdTime, connectRetry, families, gracefulRestartTime,
                restarting, forwardingPreserved, idleHoldMin, idleHoldMax, stableTime);
    }

    public SessionSettings withHoldTime(int h) {
        return new SessionSettings(localAs, routerId, peerAs, passive, h, connectRetry, families, gracefulRestartTime,
                restarting, forwardingPreserved, idleHoldMin, idleHoldMax, stableTime);
    }

    public SessionSettings withConnectRetry(Duration d) {
        return new SessionSettings(localAs, routerId, peerAs, passive, holdTime, d, families, gracefulRestartTime,
                restarting, forwardingPreserved, idleHoldMin, idleHoldMax, stableTime);
    }

    public SessionSettings withFamilies(List<AfiSafi> f) {
        return new SessionSettings(localAs, routerId, peerAs, passive, holdTime, connectRetry, f, gracefulRestartTime,
                restarting, forwardingPreserved, idleHoldMin, idleHoldMax, stableTime);
    }

    public SessionSettings withGracefulRestart(int time, boolean isRestarting, boolean forwarding) {
        return new SessionSettings(localAs, routerId, peerAs, passive, holdTime, connectRetry, families, time,
                isRestarting, forwarding, idleHoldMin, idleHoldMax, stableTime);
    }

    public SessionSettings withIdleHold(Duration min, Duration max) {
        return new SessionSettings(localAs, routerId, peerAs, passive, holdTime, connectRetry, families,
                gracefulRestartTime, restarting, forwardingPreserved, min, max, stableTime);
    }

    public boolean isExternal(long peerAsNumber) {
        return peerAsNumber != localAs;
    }
}
