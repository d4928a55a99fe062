package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.SessionSettings;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.OriginatedRoutes;
import io.muslin.bgp.speaker.RouteCollector;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.Update;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A speaker on one loopback address (127.0.0.x), with a route collector, for in-process tests. */
final class LoopbackSpeaker implements AutoCloseable {
    final InetAddress address;
    final long as;
    final BgpSpeaker speaker = new BgpSpeaker(1, Runnable::run);
    final RouteCollector routes;
    final List<String> events = new CopyOnWriteArrayList<>();
    final InetSocketAddress listening;
    final List<IpPrefix> originate;

    LoopbackSpeaker(String address, long as, List<IpPrefix> originate) throws Exception {
        this.address = InetAddress.getByName(address);
        this.as = as;
        this.routes = new RouteCollector(as, List.of());
        this.originate = originate;
        this.listening = speaker.listen(this.address, 0);
    }

    int routerId() {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    BgpPeer peerWith(LoopbackSpeaker other, String password) {
        SessionSettings s = SessionSettings.of(as, routerId(), other.as).withConnectRetry(Duration.ofSeconds(1))
                .withIdleHold(Duration.ofMillis(200), Duration.ofSeconds(2));
        PeerConfig c = PeerConfig.of(other.address, s).withPort(other.listening.getPort()).withLocalAddress(address)
                .withPassword(password);
        // Loopback addresses are not valid next hops (RFC 1122 martians): announce documentation ones.
        return speaker.addPeer(c, listener(), new OriginatedRoutes(as, originate,
                InetAddress.ofLiteral("192.0.2." + (routerId() & 0xFF)), InetAddress.ofLiteral("fd00::" + (routerId() & 0xFF))));
    }

    PeerListener listener() {
        return new PeerListener() {
            @Override
            public void stateChanged(BgpPeer peer, SessionState from, SessionState to, String reason) {
                events.add(peer.name() + " " + to.displayName() + " " + reason);
            }

            @Override
            public void down(BgpPeer peer, String reason, boolean mayRestart) {
                routes.dropPeer(peer.name());
                events.add(peer.name() + " down " + reason);
            }

            @Override
            public void received(BgpPeer peer, DecodedMessage m) {
                if (m.message() instanceof Update u) {
                    routes.apply(peer.name(), u);
                }
            }
        };
    }

    @Override
    public void close() {
        speaker.close();
    }
}
