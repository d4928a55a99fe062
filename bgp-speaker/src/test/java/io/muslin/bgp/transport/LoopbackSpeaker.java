package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.SessionSettings;
import io.muslin.bgp.rib.AttrSet;
import io.muslin.bgp.rib.PeerPolicy;
import io.muslin.bgp.rib.RibConfig;
import io.muslin.bgp.speaker.RibSpeaker;
import io.muslin.bgp.wire.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A speaker with its RIB on one loopback address (127.0.0.x), for in-process tests. */
final class LoopbackSpeaker implements AutoCloseable {
    final InetAddress address;
    final long as;
    final RibSpeaker speaker;
    final InetSocketAddress listening;

    LoopbackSpeaker(String address, long as, List<IpPrefix> originate) throws Exception {
        this(address, as, originate, 0);
    }

    /** @param clusterId route-reflector cluster id, 0 for the router id */
    LoopbackSpeaker(String address, long as, List<IpPrefix> originate, int clusterId) throws Exception {
        this.address = InetAddress.getByName(address);
        this.as = as;
        // Loopback addresses are not valid next hops (RFC 1122 martians): announce documentation ones.
        RibConfig rib = RibConfig.of(as, routerId()).withNextHops(InetAddress.ofLiteral("192.0.2." + (routerId() & 0xFF)),
                InetAddress.ofLiteral("fd00::" + (routerId() & 0xFF))).withClusterId(clusterId);
        this.speaker = new RibSpeaker(rib, 1, Runnable::run);
        this.listening = speaker.listen(this.address, 0);
        originate.forEach(p -> speaker.rib().originate(p, List.of()));
    }

    int routerId() {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    BgpPeer peerWith(LoopbackSpeaker other, String password) {
        return peerWith(other, password, PeerPolicy.DEFAULT);
    }

    BgpPeer peerWith(LoopbackSpeaker other, String password, PeerPolicy policy) {
        SessionSettings s = SessionSettings.of(as, routerId(), other.as).withConnectRetry(Duration.ofSeconds(1))
                .withIdleHold(Duration.ofMillis(200), Duration.ofSeconds(2));
        PeerConfig c = PeerConfig.of(other.address, s).withPort(other.listening.getPort()).withLocalAddress(address)
                .withPassword(password);
        return speaker.addPeer(c, policy, new PeerListener() { });
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
