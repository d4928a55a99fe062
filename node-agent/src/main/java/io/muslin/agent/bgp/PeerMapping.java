package io.muslin.agent.bgp;

import io.muslin.agent.peers.DesiredPeer;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.wire.AfiSafi;
import java.util.List;

/**
 * The one place a {@link DesiredPeer} becomes the speaker's {@link PeerSpec}. The speaker keys
 * peers by address and carries {@link DesiredPeer#name()} as the description, so a change of
 * reason alone (mesh to global) relabels the session without resetting it.
 *
 * @param holdTime            seconds proposed in OPEN ({@code bgp.holdTime})
 * @param gracefulRestartTime seconds a peer keeps our routes when we restart, unless the BGPPeer's
 *                            {@code maxRestartTime} says otherwise ({@code bgp.gracefulRestartTime})
 */
public record PeerMapping(int holdTime, int gracefulRestartTime) {

    /** A peer without BGPFilters. */
    public PeerSpec toSpec(DesiredPeer p) {
        return toSpec(p, FilterMapping.NONE);
    }

    /** A peer with its BGPFilters already resolved ({@link FilterMapping}). */
    public PeerSpec toSpec(DesiredPeer p, FilterMapping filters) {
        SessionSpec session = SessionSpec.of(p.asNumber())
                .withPort(p.port())
                .withLocalAddress(p.sourceAddress().orElse(null))
                .withPassword(p.password().orElse(null))
                .withTtlSecurity(p.ttlSecurity())
                .withPassive(p.passive())
                .withHoldTime(holdTime)
                // One family per session, of the peer address's family, as Calico's BIRD protocols.
                .withFamilies(List.of(p.address().v6() ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST))
                .withGracefulRestartTime(p.maxRestartTime().map(d -> (int) Math.min(4095, d.toSeconds())).orElse(gracefulRestartTime));
        PeerPolicy policy = PeerPolicy.DEFAULT
                .withNextHopMode(nextHop(p))
                .withRouteReflectorClient(p.routeReflectorClient())
                // A node of this cluster may announce only pod blocks (inside the pools), as Calico's import filter.
                .withMeshPeer(p.peerNode().isPresent())
                .withImportFilters(filters.imports())
                .withExportFilters(filters.exports());
        return new PeerSpec(p.address(), p.name(), session, policy, p.bfd().map(PeerMapping::bfd).orElse(null));
    }

    /** A BGPPeer's {@code spec.bfd}: unset fields take the defaults (300 ms, 300 ms, 3, single hop). */
    static BfdSpec bfd(BGPPeer.Bfd b) {
        return new BfdSpec(b.minRxMs() == null ? BfdSpec.DEFAULT_MIN_RX_MS : b.minRxMs(),
                b.minTxMs() == null ? BfdSpec.DEFAULT_MIN_TX_MS : b.minTxMs(),
                b.multiplier() == null ? BfdSpec.DEFAULT_MULTIPLIER : b.multiplier(), Boolean.TRUE.equals(b.multihop()));
    }

    private static PeerPolicy.NextHopMode nextHop(DesiredPeer p) {
        return switch (p.nextHopMode()) {
            case AUTO -> PeerPolicy.NextHopMode.AUTO;
            case SELF -> PeerPolicy.NextHopMode.SELF;
            case KEEP -> PeerPolicy.NextHopMode.KEEP;
        };
    }
}
