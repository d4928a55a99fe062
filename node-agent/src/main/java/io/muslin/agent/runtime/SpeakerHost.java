package io.muslin.agent.runtime;

import io.muslin.agent.exabgp.ExabgpHost;
import io.muslin.agent.exabgp.ExabgpPeering;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.peers.PeerSet;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.ApplyResult;
import io.muslin.bgp.speaker.PeerId;
import io.muslin.bgp.speaker.SessionListener;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.muslin.bgp.speaker.StopMode;
import io.muslin.bgp.wire.Notification;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.exabgp.ExabgpNeighbor;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP speaker's life in the agent: made on the controller's first pass (its AS and listen
 * port come from the datastore), with this start's graceful-restart facts; the Loc-RIB consumer
 * subscribed before it starts; session events logged once each and counted in the metrics; stopped
 * for a restart (peers keep our routes) or for good.
 */
final class SpeakerHost {
    private static final Logger log = LoggerFactory.getLogger(SpeakerHost.class);

    private final SpeakerSettings.GracefulRestart gracefulRestart;
    private final LocRibListener locRib;
    private final AgentMetrics metrics;
    private volatile Speaker speaker;
    /** The ExaBGP bridge beside the speaker; null when the agent does not use it. */
    private volatile ExabgpHost exabgp;
    /** The peers ExaBGP runs (their sessions are not the speaker's own). */
    private volatile Set<IpAddress> viaExabgp = Set.of();
    /** Peers chosen for ExaBGP that cannot run there, as last logged. */
    private List<String> lastRefused = List.of();

    /**
     * @param restarting our routes are in the kernel from a previous run: claim a restart with the
     *                   forwarding state preserved, and defer selection for at most {@code deferral}
     */
    SpeakerHost(boolean restarting, Duration deferral, LocRibListener locRib, AgentMetrics metrics) {
        this.gracefulRestart = new SpeakerSettings.GracefulRestart(restarting, restarting, deferral);
        this.locRib = locRib;
        this.metrics = metrics;
    }

    /** Peers may run in ExaBGP from now on ({@code BGPPeer.spec.speaker: exabgp}). */
    void useExabgp(ExabgpHost host) {
        this.exabgp = host;
    }

    /**
     * Chooses the peers ExaBGP runs ({@code BGPPeer.spec.speaker}, else the default), for the next
     * start or apply; true when the choice changed.
     */
    boolean exabgpPeers(PeerSet peers, Collection<BGPPeer> resources) {
        ExabgpHost host = exabgp;
        Set<IpAddress> next = host == null ? Set.of() : ExabgpPeering.choose(peers, resources, host.namedPeers(),
                host.exabgpByDefault());
        boolean changed = !next.equals(viaExabgp);
        this.viaExabgp = next;
        return changed;
    }

    /** The ExaBGP bridge beside the speaker, or null. */
    ExabgpHost exabgp() {
        return exabgp;
    }

    /** The desired state of the speaker's own sessions; the rest handed to ExaBGP once the speaker runs. */
    private ExabgpPeering.Split split(DesiredState desired) {
        ExabgpHost host = exabgp;
        if (host == null) {
            return new ExabgpPeering.Split(desired, List.of(), List.of());
        }
        ExabgpPeering.Split split = ExabgpPeering.split(desired, viaExabgp, host.linkState());
        if (!split.refused().equals(lastRefused)) {
            split.refused().forEach(r -> log.warn("peers: {}", r));
            lastRefused = split.refused();
        }
        return split;
    }

    private void toExabgp(ExabgpPeering.Split split) {
        ExabgpHost host = exabgp;
        Speaker s = speaker;
        if (host != null && s != null) {
            SpeakerSettings now = s.desired().speaker();
            host.apply(s, now.asNumber(), now.routerId(), split.exabgp());
        }
    }

    SpeakerSettings settingsFor(long asNumber, IpAddress routerId, int listenPort) {
        return io.muslin.agent.bgp.SpeakerDesired.speaker(asNumber, routerId, listenPort, gracefulRestart);
    }

    boolean running() {
        return speaker != null;
    }

    SpeakerSettings settings() {
        return speaker.desired().speaker();
    }

    void start(DesiredState all) throws InterruptedException {
        ExabgpPeering.Split split = split(all);
        DesiredState desired = split.embedded();
        Speaker s;
        try {
            s = startOn(desired);
        } catch (IllegalStateException e) {
            // No IPv6 in this kernel: "::" cannot be bound; listen on IPv4 only.
            if (!desired.speaker().listenAddress().v6()) {
                throw e;
            }
            log.warn("cannot listen on [::]:{} ({}); listening on 0.0.0.0 only", desired.speaker().listenPort(), e.getMessage());
            s = startOn(desired.withSpeaker(desired.speaker().withListen(IpAddress.parse("0.0.0.0"),
                    desired.speaker().listenPort())));
        }
        speaker = s;
        log.info("BGP speaker started: AS {}, router id {}, port {}, {} peer(s), {} prefix(es) originated{}",
                desired.speaker().asNumber(), desired.speaker().routerId(), desired.speaker().listenPort(), desired.peers().size(),
                desired.originated().size(), gracefulRestart.restarting()
                        ? "; graceful restart: routes kept in the kernel, forwarding state preserved" : "");
        toExabgp(split);
    }

    private Speaker startOn(DesiredState desired) throws InterruptedException {
        Speaker s = new Speaker(desired);
        s.addSessionListener(new Events());
        s.subscribe(locRib);
        try {
            s.start();
        } catch (IllegalStateException e) {
            s.close(StopMode.RESTART);
            throw e;
        }
        return s;
    }

    /**
     * Replaces the running speaker by one made from {@code desired}, for what a running speaker
     * cannot change (the AS, the router id, the port). The old one stops as for an agent restart
     * (no NOTIFICATION: graceful-restart peers keep our routes as stale); the new one starts as a
     * restarting speaker with the forwarding state preserved, so the route programmer keeps the
     * learned routes in the kernel until the new Loc-RIB is complete.
     */
    void restart(DesiredState desired) throws InterruptedException {
        Speaker old = speaker;
        speaker = null;
        if (old != null) {
            old.close(StopMode.RESTART);
        }
        SpeakerSettings.GracefulRestart resumed = new SpeakerSettings.GracefulRestart(true, true,
                gracefulRestart.selectionDeferral());
        start(desired.withSpeaker(desired.speaker().withGracefulRestart(resumed)));
    }

    /** Why {@code next} cannot be applied to the running speaker, or null when it can. */
    String needsRestart(SpeakerSettings next) {
        SpeakerSettings now = settings();
        if (now.asNumber() != next.asNumber()) {
            return "the AS changed from " + now.asNumber() + " to " + next.asNumber();
        }
        if (!now.routerId().equals(next.routerId())) {
            return "the router id changed from " + now.routerId() + " to " + next.routerId();
        }
        if (now.listenPort() != next.listenPort()) {
            return "the BGP port changed from " + now.listenPort() + " to " + next.listenPort();
        }
        return null;
    }

    ApplyResult apply(DesiredState all) {
        ExabgpPeering.Split split = split(all);
        ExabgpHost host = exabgp;
        if (host != null) {
            // Peers leaving ExaBGP go first, so that the speaker can take them over; peers joining it
            // are added after the speaker let them go.
            Set<IpAddress> before = host.running();
            List<ExabgpNeighbor> staying = split.exabgp().stream().filter(n -> before.contains(n.peer().address())).toList();
            if (staying.size() < before.size()) {
                toExabgp(new ExabgpPeering.Split(split.embedded(), staying, List.of()));
            }
        }
        ApplyResult result = speaker.apply(split.embedded().withSpeaker(settings()));
        toExabgp(split);
        return result;
    }

    /** The speaker's status; null before it runs. */
    SpeakerStatus status() {
        Speaker s = speaker;
        return s == null ? null : s.status();
    }

    void close(StopMode mode) {
        ExabgpHost host = exabgp;
        if (host != null) {
            host.close();
        }
        Speaker s = speaker;
        if (s != null) {
            s.close(mode);
        }
    }

    /** Each session event logged once, at info, and NOTIFICATIONs counted by code. */
    private final class Events implements SessionListener {
        @Override
        public void stateChanged(PeerId peer, SessionState from, SessionState to, String reason) {
            if (to == SessionState.ESTABLISHED || from == SessionState.ESTABLISHED) {
                log.info("BGP session with {} ({}): {} -> {} ({})", peer.address(), peer.description(), from.displayName(),
                        to.displayName(), reason);
            } else {
                log.debug("BGP session with {} ({}): {} -> {} ({})", peer.address(), peer.description(), from.displayName(),
                        to.displayName(), reason);
            }
        }

        @Override
        public void notificationSent(PeerId peer, Notification n) {
            log.info("BGP NOTIFICATION sent to {}: {}", peer.address(), n.describe());
            metrics.notification(true, peer.address().toString(), n.code(), n.subcode());
        }

        @Override
        public void notificationReceived(PeerId peer, Notification n) {
            log.info("BGP NOTIFICATION from {}: {}", peer.address(), n.describe());
            metrics.notification(false, peer.address().toString(), n.code(), n.subcode());
        }
    }
}
