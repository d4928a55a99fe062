package io.muslin.agent.peers;

import io.muslin.datastore.model.BGPPeer;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One BGP session this node should have.
 *
 * @param name           Calico's name for it ({@code Mesh_10_0_0_2}, {@code Global_10_0_0_9_port_1790}), unique per node
 * @param kind           why it exists
 * @param role           the route-reflection relationship
 * @param address        the peer's address
 * @param port           the peer's BGP port
 * @param asNumber       the peer's AS
 * @param password       the TCP MD5 password, when the BGPPeer names a secret that exists
 * @param sourceAddress  the local address to use, when set ({@code sourceAddress: UseNodeIP}, the default, gives the node's)
 * @param passive        wait for the peer to connect (Calico makes one side of each node-to-node pair passive)
 * @param nextHopMode    next-hop handling towards this peer
 * @param maxRestartTime the graceful-restart time to use with this peer, when set
 * @param ttlSecurity    GTSM hop count (RFC 5082); 0 is off
 * @param filters        names of BGPFilter resources, in order
 * @param peerNode       the Node this peer is, when it is one
 * @param resource       the BGPPeer behind it; empty for the mesh
 * @param description    a sentence for people: what this peering is and where it comes from
 * @param bfd            BFD with the peer, as the BGPPeer's {@code spec.bfd} says (unset fields take the defaults)
 */
public record DesiredPeer(String name, PeerKind kind, PeerRole role, IpAddress address, int port, long asNumber,
                          Optional<String> password, Optional<IpAddress> sourceAddress, boolean passive,
                          NextHopMode nextHopMode, Optional<Duration> maxRestartTime, int ttlSecurity, List<String> filters,
                          Optional<String> peerNode, Optional<String> resource, String description, Optional<BGPPeer.Bfd> bfd) {
    /** Without BFD. */
    public DesiredPeer(String name, PeerKind kind, PeerRole role, IpAddress address, int port, long asNumber,
                       Optional<String> password, Optional<IpAddress> sourceAddress, boolean passive,
                       NextHopMode nextHopMode, Optional<Duration> maxRestartTime, int ttlSecurity, List<String> filters,
                       Optional<String> peerNode, Optional<String> resource, String description) {
        this(name, kind, role, address, port, asNumber, password, sourceAddress, passive, nextHopMode, maxRestartTime,
                ttlSecurity, filters, peerNode, resource, description, Optional.empty());
    }

    public DesiredPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bfd, "bfd");
        filters = List.copyOf(filters);
    }

    /** This node reflects routes to the peer (Calico's {@code route reflector client}). */
    public boolean routeReflectorClient() {
        return role == PeerRole.ROUTE_REFLECTOR_CLIENT;
    }

    /** The password is kept out of the text form. */
    @Override
    public String toString() {
        return name + " " + address + (port == 179 ? "" : " port " + port) + " AS" + asNumber + " " + kind.label()
                + (role == PeerRole.PEER ? "" : " " + role) + (password.isPresent() ? " (password)" : "")
                + (passive ? " passive" : "") + (bfd.isPresent() ? " bfd" : "") + ": " + description;
    }
}
