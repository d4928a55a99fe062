package io.muslin.bgp.transport;

import io.muslin.bgp.rib.AttrSet;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A speaker with its RIB on one loopback address (127.0.0.x), for in-process tests, driven through its API. */
final class LoopbackSpeaker implements AutoCloseable {
    final IpAddress address;
    final long as;
    final Speaker speaker;
    final InetSocketAddress listening;
    private DesiredState desired;

    LoopbackSpeaker(String address, long as, List<IpPrefix> originate) throws Exception {
        this(address, as, originate, null);
    }

    /** @param clusterId route-reflector cluster id, null for the router id */
    LoopbackSpeaker(String address, long as, List<IpPrefix> originate, IpAddress clusterId) throws Exception {
        this.address = IpAddress.parse(address);
        this.as = as;
        // Loopback addresses are not valid next hops (RFC 1122 martians): announce documentation ones.
        int last = (int) (this.address.lo() & 0xFF);
        RoutingSettings routing = RoutingSettings.DEFAULT.withNextHops(IpAddress.parse("192.0.2." + last),
                IpAddress.parse("fd00::" + Integer.toHexString(last))).withClusterId(clusterId);
        this.desired = new DesiredState(SpeakerSettings.of(as, this.address).withListen(this.address, 0), routing, List.of(),
                originate.stream().map(OriginatedRoute::of).toList());
        this.speaker = new Speaker(desired, 1, Runnable::run);
        this.listening = speaker.start();
    }

    int routerId() {
        return address.v4Int();
    }

    BgpPeer peerWith(LoopbackSpeaker other, String password) {
        return peerWith(other, password, PeerPolicy.DEFAULT);
    }

    BgpPeer peerWith(LoopbackSpeaker other, String password, PeerPolicy policy) {
        SessionSpec s = SessionSpec.of(other.as).withConnectRetry(Duration.ofSeconds(1)).withPort(other.listening.getPort())
                .withLocalAddress(address).withPassword(password);
        return addPeer(new PeerSpec(other.address, "", s, policy));
    }

    /** Adds a peer through {@link Speaker#apply}; returns its session. */
    BgpPeer addPeer(PeerSpec spec) {
        List<PeerSpec> peers = new ArrayList<>(desired.peers());
        peers.add(spec);
        desired = desired.withPeers(peers);
        speaker.apply(desired);
        return speaker.peer(spec.address());
    }

    /** What we accepted from the peer at {@code address}: prefix → attributes. */
    Map<IpPrefix, AttrSet> accepted(String peerAddress) {
        return speaker.rib().query(core -> core.acceptedFrom(peerAddress)).join();
    }

    /** What the peer at {@code address} sent us: prefix → attributes as received. */
    Map<IpPrefix, AttrSet> received(String peerAddress) {
        return speaker.rib().query(core -> core.adjRibIn(peerAddress)).join();
    }

    @Override
    public void close() {
        speaker.close();
    }
}
