package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.SessionSettings;
import io.muslin.net.IpAddress;

/**
 * One configured peer as the transport sees it: where it is, how to reach it, and its session
 * settings. Built by the speaker from a {@code PeerSpec} and the speaker-wide settings.
 *
 * @param address      the peer's address
 * @param port         the peer's BGP port for outbound connections (179)
 * @param localAddress source address for outbound connections, or null for the kernel's choice
 * @param password     TCP MD5 signature key (RFC 2385), or null
 * @param ttlSecurityHops GTSM (RFC 5082): the peer is at most this many hops away; 0 = off
 * @param session      state machine settings
 */
public record PeerConfig(IpAddress address, int port, IpAddress localAddress, String password, int ttlSecurityHops,
                         SessionSettings session) {
    public PeerConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        if (ttlSecurityHops < 0 || ttlSecurityHops > 254) {
            throw new IllegalArgumentException("ttlSecurity " + ttlSecurityHops + " is outside 0..254 hops");
        }
        if (password != null && (password.isEmpty() || password.length() > 80)) {
            throw new IllegalArgumentException("password must be 1..80 characters (TCP_MD5SIG_MAXKEYLEN)");
        }
    }

    /** As the record would print it, but never the password. */
    @Override
    public String toString() {
        return "PeerConfig[address=" + address + ", port=" + port + ", localAddress=" + localAddress + ", password="
                + (password == null ? "none" : "(set)") + ", ttlSecurityHops=" + ttlSecurityHops + ", session=" + session + "]";
    }

    public static PeerConfig of(IpAddress address, SessionSettings session) {
        return new PeerConfig(address, 179, null, null, 0, session);
    }

    public PeerConfig withPort(int p) {
        return new PeerConfig(address, p, localAddress, password, ttlSecurityHops, session);
    }

    public PeerConfig withPassword(String pw) {
        return new PeerConfig(address, port, localAddress, pw, ttlSecurityHops, session);
    }

    public PeerConfig withLocalAddress(IpAddress local) {
        return new PeerConfig(address, port, local, password, ttlSecurityHops, session);
    }


    public PeerConfig withSession(SessionSettings s) {
        return new PeerConfig(address, port, localAddress, password, ttlSecurityHops, s);
    }
}
