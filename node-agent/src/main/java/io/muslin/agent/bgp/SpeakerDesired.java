package io.muslin.agent.bgp;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerSet;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.datastore.model.IPPool;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The speaker's {@link DesiredState} built from what the cluster says: the peer set, the IP pools
 * (what mesh peers may announce; pools with {@code disableBGPExport} are not announced) and this
 * node's confirmed blocks (each originated). A pure function.
 */
public final class SpeakerDesired {
    private SpeakerDesired() {
    }

    /**
     * What the speaker is started with. It listens on every address ({@code ::}, both families)
     * at the port the BGPConfiguration gives.
     */
    public static SpeakerSettings speaker(long asNumber, IpAddress routerId, int listenPort, SpeakerSettings.GracefulRestart gr) {
        return SpeakerSettings.of(asNumber, routerId).withListen(IpAddress.parse("::"), listenPort).withGracefulRestart(gr);
    }

    /** Every pool (disabled ones too: their blocks still carry pods) and the route-reflector cluster id. */
    public static RoutingSettings routing(Collection<IPPool> pools, PeerSet peers) {
        return RoutingSettings.DEFAULT.withPools(pools.stream().map(IPPool::cidr).sorted().toList())
                .withClusterId(peers.clusterId().orElse(null));
    }

    /** This node's blocks, except those in a pool with {@code disableBGPExport: true}. */
    public static List<OriginatedRoute> originated(List<IpPrefix> ownBlocks, Collection<IPPool> pools) {
        List<OriginatedRoute> out = new ArrayList<>();
        for (IpPrefix b : ownBlocks) {
            boolean hidden = pools.stream().anyMatch(p -> Boolean.TRUE.equals(p.spec().disableBGPExport()) && p.cidr().contains(b));
            if (!hidden) {
                out.add(OriginatedRoute.of(b));
            }
        }
        return out;
    }

    public static DesiredState of(SpeakerSettings speaker, PeerSet peers, PeerMapping mapping, Collection<IPPool> pools,
                                  List<IpPrefix> ownBlocks) {
        List<PeerSpec> specs = new ArrayList<>();
        for (DesiredPeer p : peers.peers()) {
            specs.add(mapping.toSpec(p));
        }
        return new DesiredState(speaker, routing(pools, peers), specs, originated(ownBlocks, pools));
    }
}
