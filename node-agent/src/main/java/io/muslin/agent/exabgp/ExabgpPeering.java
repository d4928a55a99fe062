package io.muslin.agent.exabgp;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerSet;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.exabgp.ExabgpNeighbor;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which peers the ExaBGP bridge runs, and the speaker's desired state without them. A peer from a
 * BGPPeer resource follows its {@code spec.speaker}; one without it (and the node-to-node mesh)
 * follows the agent's {@code exabgp.peers}, then its default. Pure.
 */
public final class ExabgpPeering {
    /**
     * The split: what the embedded speaker runs, the neighbours ExaBGP runs, and why a peer chosen
     * for ExaBGP runs nowhere (one sentence each).
     */
    public record Split(DesiredState embedded, List<ExabgpNeighbor> exabgp, List<String> refused) {
        public Split {
            exabgp = List.copyOf(exabgp);
            refused = List.copyOf(refused);
        }
    }

    private ExabgpPeering() {
    }

    /** As {@link #choose(PeerSet, Collection, Set, boolean)} with no addresses named in the agent's configuration. */
    public static Set<IpAddress> choose(PeerSet peers, Collection<BGPPeer> resources, boolean exabgpByDefault) {
        return choose(peers, resources, Set.of(), exabgpByDefault);
    }

    /**
     * The addresses of the peers ExaBGP runs: the BGPPeer's {@code speaker} when it has one; else
     * ExaBGP when the agent's {@code exabgp.peers} names the address; else the agent's default.
     *
     * @param named           the agent's {@code exabgp.peers}
     * @param exabgpByDefault the agent's {@code exabgp.defaultSpeaker} is {@code exabgp}
     */
    public static Set<IpAddress> choose(PeerSet peers, Collection<BGPPeer> resources, Set<IpAddress> named,
                                        boolean exabgpByDefault) {
        Map<String, String> speakerByResource = new HashMap<>();
        for (BGPPeer r : resources) {
            if (r.spec() != null && r.spec().speaker() != null) {
                speakerByResource.put(r.metadata().name(), r.spec().speaker());
            }
        }
        Set<IpAddress> out = new HashSet<>();
        for (DesiredPeer p : peers.peers()) {
            String chosen = p.resource().map(speakerByResource::get).orElse(null);
            boolean viaExabgp = chosen != null ? chosen.equals("exabgp") : named.contains(p.address()) || exabgpByDefault;
            if (viaExabgp) {
                out.add(p.address());
            }
        }
        return out;
    }

    /**
     * @param linkState ExaBGP's sessions carry BGP-LS too
     */
    public static Split split(DesiredState desired, Set<IpAddress> viaExabgp, boolean linkState) {
        List<PeerSpec> embedded = new ArrayList<>();
        List<ExabgpNeighbor> exabgp = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (PeerSpec p : desired.peers()) {
            if (viaExabgp.contains(p.address())) {
                if (p.session().localAddress() == null) {
                    // ExaBGP 4.2 needs local-address: a BGPPeer with sourceAddress None cannot run there.
                    refused.add(p.description() + " (" + p.address() + ") left out: ExaBGP needs a local address"
                            + " (sourceAddress None is not possible with speaker exabgp)");
                } else {
                    exabgp.add(new ExabgpNeighbor(p, linkState));
                }
            } else {
                embedded.add(p);
            }
        }
        return new Split(desired.withPeers(embedded), exabgp, refused);
    }
}
