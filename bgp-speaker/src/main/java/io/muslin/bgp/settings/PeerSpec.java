package io.muslin.bgp.settings;

import io.muslin.net.IpAddress;

/**
 * One desired peer: its address (its identity), a label for status, its session and its policy.
 *
 * @param description free text shown in status and events, e.g. "node-to-node mesh", "global",
 *                    "node specific" or "route reflector"; changing it touches nothing else
 */
public record PeerSpec(IpAddress address, String description, SessionSpec session, PeerPolicy policy) {
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
        return new PeerSpec(address, d, session, policy);
    }

    public PeerSpec withSession(SessionSpec s) {
        return new PeerSpec(address, description, s, policy);
    }

    public PeerSpec withPolicy(PeerPolicy p) {
        return new PeerSpec(address, description, session, p);
    }
}
