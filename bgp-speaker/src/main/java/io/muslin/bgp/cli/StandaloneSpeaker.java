package io.muslin.bgp.cli;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.Rib;
import io.muslin.bgp.speaker.RibSpeaker;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.bgp.transport.PeerListener;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.Update;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The speaker alone: peers, policy and originated prefixes from the config, one RIB, events as
 * JSON lines. {@link #apply} takes a changed config at runtime and touches only the peers that
 * changed.
 */
public final class StandaloneSpeaker implements AutoCloseable {
    private volatile SpeakerConfig config;
    private final RibSpeaker speaker;
    private final EventPrinter printer;
    private final boolean printRoutes;
    private InetSocketAddress listening;

    public StandaloneSpeaker(SpeakerConfig config, boolean printRoutes, java.io.PrintStream out, Executor socketExecutor) {
        this.config = config;
        this.printRoutes = printRoutes;
        this.printer = new EventPrinter(out);
        this.speaker = new RibSpeaker(config.rib(), Math.max(1, Runtime.getRuntime().availableProcessors()), socketExecutor);
    }

    public void start() throws InterruptedException {
        if (config.listenAddress() != null) {
            listening = speaker.listen(config.listenAddress(), config.listenPort());
        }
        for (IpPrefix p : config.originate()) {
            speaker.rib().originate(p, List.of());
        }
        for (SpeakerConfig.Peer p : config.peers()) {
            speaker.addPeer(p.session(), p.policy(), events);
        }
    }

    /**
     * A changed configuration: peers that are gone are removed (Cease 6/3), new ones added, ones
     * whose session settings changed are replaced, ones whose policy alone changed get it applied
     * without a reset, and originated prefixes follow the list. The rest is untouched.
     *
     * @throws ConfigException when a setting that needs a restart (AS, router id, listen address) changed
     */
    public synchronized void apply(SpeakerConfig next) throws ConfigException {
        SpeakerConfig cur = config;
        if (next.asNumber() != cur.asNumber()) {
            throw new ConfigException("asNumber", "changing the AS needs a restart");
        }
        if (!next.routerId().equals(cur.routerId())) {
            throw new ConfigException("routerId", "changing the router id needs a restart");
        }
        if (!Objects.equals(next.listenAddress(), cur.listenAddress()) || next.listenPort() != cur.listenPort()) {
            throw new ConfigException("listen", "changing the listen address needs a restart");
        }
        if (!next.rib().equals(cur.rib())) {
            throw new ConfigException("(routing settings)", "changing clusterId, ipPools, next hops or graceful restart needs a restart");
        }
        Map<InetAddress, SpeakerConfig.Peer> before = new HashMap<>();
        cur.peers().forEach(p -> before.put(p.address(), p));
        for (SpeakerConfig.Peer p : next.peers()) {
            SpeakerConfig.Peer old = before.remove(p.address());
            if (old == null) {
                speaker.addPeer(p.session(), p.policy(), events);
                printer.message("config", "peer " + IpPrefix.formatAddress(p.address()) + " added");
            } else if (!old.session().equals(p.session())) {
                speaker.removePeer(p.address());
                speaker.addPeer(p.session(), p.policy(), events);
                printer.message("config", "peer " + IpPrefix.formatAddress(p.address()) + " replaced (session settings changed)");
            } else if (!old.policy().equals(p.policy())) {
                speaker.setPolicy(p.address(), p.policy());
                printer.message("config", "peer " + IpPrefix.formatAddress(p.address()) + " policy applied without a reset");
            }
        }
        for (InetAddress gone : before.keySet()) {
            speaker.removePeer(gone);
            printer.message("config", "peer " + IpPrefix.formatAddress(gone) + " removed");
        }
        for (IpPrefix p : cur.originate()) {
            if (!next.originate().contains(p)) {
                speaker.rib().withdrawOriginated(p);
            }
        }
        for (IpPrefix p : next.originate()) {
            if (!cur.originate().contains(p)) {
                speaker.rib().originate(p, List.of());
            }
        }
        config = next;
    }

    public InetSocketAddress listening() {
        return listening;
    }

    public SpeakerConfig config() {
        return config;
    }

    public RibSpeaker speaker() {
        return speaker;
    }

    public Rib rib() {
        return speaker.rib();
    }

    public BgpPeer peer(String address) {
        return speaker.peer(IpPrefix.parseAddress(address));
    }

    @Override
    public void close() {
        speaker.close();
    }

    private final PeerListener events = new PeerListener() {
        @Override
        public void stateChanged(BgpPeer peer, SessionState from, SessionState to, String reason) {
            printer.state(peer.name(), from.displayName(), to.displayName(), reason);
        }

        @Override
        public void received(BgpPeer peer, DecodedMessage message) {
            if (printRoutes && message.message() instanceof Update u) {
                printer.update(peer.name(), u);
            }
        }
    };
}
