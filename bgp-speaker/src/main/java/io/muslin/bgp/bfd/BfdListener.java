package io.muslin.bgp.bfd;

import io.muslin.net.IpAddress;

/** State changes of the BFD sessions of one {@link BfdEndpoint}, on its event loop; must not block. */
@FunctionalInterface
public interface BfdListener {
    /**
     * @param byRemoteAdminDown the peer took the session down on purpose (AdminDown): not a
     *                          failure of the path, so clients keep their sessions (RFC 5882 §3.2)
     */
    void stateChanged(IpAddress peer, BfdState from, BfdState to, Diagnostic diag, boolean byRemoteAdminDown);
}
