package io.muslin.bgp.cli;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.OriginatedRoutes;
import io.muslin.bgp.speaker.RouteCollector;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.transport.BgpSpeaker;
import io.muslin.bgp.transport.PeerConfig;
import io.muslin.bgp.transport.PeerListener;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Update;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** The speaker alone: peers from the config, originated prefixes, a route collector, events as JSON lines. */
public final class StandaloneSpeaker implements AutoCloseable {
    private final SpeakerConfig config;
    private final BgpSpeaker speaker;
    private final RouteCollector collector;
    private final EventPrinter printer;
    private final boolean printRoutes;
    private InetSocketAddress listening;

    public StandaloneSpeaker(SpeakerConfig config, boolean printRoutes, java.io.PrintStream out, Executor socketExecutor) {
        this.config = config;
        this.printRoutes = printRoutes;
        this.printer = new EventPrinter(out);
        this.collector = new RouteCollector(config.asNumber(), config.originate());
        this.speaker = new BgpSpeaker(Math.max(1, Runtime.getRuntime().availableProcessors()), socketExecutor);
    }

    public void start() throws InterruptedException {
        if (config.listenAddress() != null) {
            listening = speaker.listen(config.listenAddress(), config.listenPort());
        }
        for (PeerConfig p : config.peers()) {
            speaker.addPeer(p, new Listener(), new OriginatedRoutes(config.asNumber(), config.originate(),
                    config.nextHopIpv4(), config.nextHopIpv6()));
        }
    }

    public InetSocketAddress listening() {
        return listening;
    }

    public SpeakerConfig config() {
        return config;
    }

    public BgpSpeaker speaker() {
        return speaker;
    }

    public RouteCollector collector() {
        return collector;
    }

    @Override
    public void close() {
        speaker.close();
    }

    private final class Listener implements PeerListener {
        @Override
        public void stateChanged(BgpPeer peer, SessionState from, SessionState to, String reason) {
            printer.state(peer.name(), from.displayName(), to.displayName(), reason);
        }

        @Override
        public void down(BgpPeer peer, String reason, boolean peerMayRestart) {
            var changes = collector.dropPeer(peer.name());
            if (printRoutes) {
                changes.forEach(printer::route);
            }
        }

        @Override
        public void received(BgpPeer peer, DecodedMessage message) {
            if (message.message() instanceof Update u) {
                var changes = collector.apply(peer.name(), u);
                if (printRoutes) {
                    changes.forEach(printer::route);
                }
            }
        }
    }
}
