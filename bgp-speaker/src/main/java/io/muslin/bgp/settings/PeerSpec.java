package io.muslin.bgp.settings;

import io.muslin.net.IpAddress;

/**
 * One desired peer: its address (its identity), a label for status, its session and its policy.
 *
 * @param description free text shown in status and events, e.g. "node-to-node mesh", "global",
 *                    "node specific" or "route reflector"; changing it touches nothing else
 * @param bfd         BFD with the peer, or null for none; changing it changes the BFD session
 *                    (a Poll Sequence for new timers) and leaves the BGP session alone
 */
public record PeerSpec(IpAddress address, String description, SessionSpec session, PeerPolicy policy, BfdSpec bfd) {
    /** A peer without BFD. */
    public PeerSpec(IpAddress address, String description, SessionSpec session, PeerPolicy policy) {
        this(address, description, session, policy, null);
    }

    public PeerSpec {
        if (address == null) {
            throw new SettingException("address", "is required");
        }
        if (address.isUnspecified() || address.isMulticast()) {
            throw new SettingException("address", address + " cannot be a peer's address");
        }
        if (description == null) {
            description = "";
        }
        if (session == null) {
            throw new SettingException("session", "is required");
        }
        if (policy == null) {
            throw new SettingException("policy", "is required (PeerPolicy.DEFAULT for the safe defaults)");
        }
        if (session.localAddress() != null && session.localAddress().v6() != address.v6()) {
            throw new SettingException("localAddress", session.localAddress() + " is not of the same family as " + address);
        }
    }

    /** A peer with the default session (port 179, hold 90 s, both families) and the default policy. */
    public static PeerSpec of(IpAddress address, long asNumber) {
        return new PeerSpec(address, "", SessionSpec.of(asNumber), PeerPolicy.DEFAULT);
    }

    public PeerSpec withDescription(String d) {
        return new PeerSpec(address, d, session, policy, bfd);
    }

    public PeerSpec withSession(SessionSpec s) {
        return new PeerSpec(address, description, s, policy, bfd);
    }

    public PeerSpec withPolicy(PeerPolicy p) {
        return new PeerSpec(address, description, session, p, bfd);
    }

    /** @param b BFD settings, or null for no BFD */
    public PeerSpec withBfd(BfdSpec b) {
        return new PeerSpec(address, description, session, policy, b);
    }
}
