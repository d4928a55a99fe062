package io.muslin.bgp.settings;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.List;

/**
 * How to run the session with one peer: its AS, how to reach it, timers and families. A peer
 * whose session settings change is replaced (its session reset); see {@link PeerPolicy} for what
 * changes without a reset.
 *
 * @param asNumber            the AS the peer must have (equal to ours: iBGP)
 * @param port                the peer's port for outbound connections
 * @param localAddress        source address of outbound connections, or null for the kernel's choice
 * @param password            TCP MD5 key (RFC 2385), 1..80 characters, or null
 * @param ttlSecurity         GTSM (RFC 5082): the peer is at most this many hops away; 0 = off
 * @param passive             wait for the peer to connect, never connect out
 * @param holdTime            seconds proposed in OPEN: 0 (no keepalives) or 3..65535
 * @param connectRetry        wait between outbound connection attempts
 * @param families            address families offered
 * @param gracefulRestartTime seconds the peer should keep our routes when we restart (RFC 4724); 0 = no GR
 */
public record SessionSpec(long asNumber, int port, IpAddress localAddress, String password, int ttlSecurity,
                          boolean passive, int holdTime, Duration connectRetry, List<AfiSafi> families,
                          int gracefulRestartTime) {
    public static final int DEFAULT_HOLD_TIME = 90;
    public static final int DEFAULT_RESTART_TIME = 120;

    public SessionSpec {
        SpeakerSettings.checkAs(asNumber, "asNumber");
        if (port < 1 || port > 65535) {
            throw new SettingException("port", port + " is outside 1..65535");
        }
        if (password != null && (password.isEmpty() || password.length() > 80)) {
            throw new SettingException("password", "must be 1..80 characters (the kernel's TCP MD5 key limit)");
        }
        if (ttlSecurity < 0 || ttlSecurity > 254) {
            throw new SettingException("ttlSecurity", ttlSecurity + " is outside 0..254 hops");
        }
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new SettingException("holdTime", holdTime
                    + " s is not allowed: 0 (no keepalives) or 3..65535 (RFC 4271 §4.2)");
        }
        if (connectRetry == null || connectRetry.toMillis() < 1) {
            throw new SettingException("connectRetry", connectRetry + " must be a positive duration");
        }
        if (families == null || families.isEmpty()) {
            throw new SettingException("families", "needs at least one of ipv4-unicast, ipv6-unicast");
        }
        for (int i = 0; i < families.size(); i++) {
            AfiSafi f = families.get(i);
            if (f == null || !f.isSupported()) {
                throw new SettingException("families[" + i + "]", "'" + f + "' is not ipv4-unicast or ipv6-unicast");
            }
            if (families.subList(0, i).contains(f)) {
                throw new SettingException("families[" + i + "]", f + " is listed twice");
            }
        }
        families = List.copyOf(families);
        if (gracefulRestartTime < 0 || gracefulRestartTime > 4095) {
            throw new SettingException("gracefulRestartTime", gracefulRestartTime + " is outside 0..4095 seconds");
        }
    }

    /** Port 179, active, hold 90 s, retry 5 s, IPv4 and IPv6 unicast, graceful restart 120 s. */
    public static SessionSpec of(long asNumber) {
        return new SessionSpec(asNumber, 179, null, null, 0, false, DEFAULT_HOLD_TIME, Duration.ofSeconds(5),
                List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), DEFAULT_RESTART_TIME);
    }

    /** As the record would print it, but never the password (logs and status must not show the MD5 key). */
    @Override
    public String toString() {
        return "SessionSpec[asNumber=" + asNumber + ", port=" + port + ", localAddress=" + localAddress + ", password="
                + (password == null ? "none" : "(set)") + ", ttlSecurity=" + ttlSecurity + ", passive=" + passive
                + ", holdTime=" + holdTime + ", connectRetry=" + connectRetry + ", families=" + families
                + ", gracefulRestartTime=" + gracefulRestartTime + "]";
    }

    /** "ipv4-unicast" (or "ipv4"), "ipv6-unicast" (or "ipv6"). */
    public static AfiSafi parseFamily(String text, String field) {
        return switch (text == null ? "" : text) {
            case "ipv4-unicast", "ipv4" -> AfiSafi.IPV4_UNICAST;
            case "ipv6-unicast", "ipv6" -> AfiSafi.IPV6_UNICAST;
            default -> throw new SettingException(field, "'" + text + "' is not ipv4-unicast or ipv6-unicast");
        };
    }

    public SessionSpec withPort(int p) {
        return new SessionSpec(asNumber, p, localAddress, password, ttlSecurity, passive, holdTime, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withLocalAddress(IpAddress a) {
        return new SessionSpec(asNumber, port, a, password, ttlSecurity, passive, holdTime, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withPassword(String pw) {
        return new SessionSpec(asNumber, port, localAddress, pw, ttlSecurity, passive, holdTime, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withTtlSecurity(int hops) {
        return new SessionSpec(asNumber, port, localAddress, password, hops, passive, holdTime, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withPassive(boolean p) {
        return new SessionSpec(asNumber, port, localAddress, password, ttlSecurity, p, holdTime, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withHoldTime(int h) {
        return new SessionSpec(asNumber, port, localAddress, password, ttlSecurity, passive, h, connectRetry, families,
                gracefulRestartTime);
    }

    public SessionSpec withConnectRetry(Duration d) {
        return new SessionSpec(asNumber, port, localAddress, password, ttlSecurity, passive, holdTime, d, families,
                gracefulRestartTime);
    }

    public SessionSpec withFamilies(List<AfiSafi> f) {
        return new SessionSpec(asNumber, port, localAddress, password, ttlSecurity, passive, holdTime, connectRetry, f,
                gracefulRestartTime);
    }

    public SessionSpec withGracefulRestartTime(int seconds) {
        return new SessionSpec(asNumber, port, localAddress, password, ttlSecurity, passive, holdTime, connectRetry, families,
                seconds);
    }
}
