package io.muslin.agent.exabgp;

import io.muslin.agent.config.AgentConfig;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.exabgp.BridgeStatus;
import io.muslin.exabgp.ExabgpBridge;
import io.muslin.exabgp.ExabgpNeighbor;
import io.muslin.exabgp.ExabgpSettings;
import io.muslin.exabgp.LinkStateTopology;
import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ExaBGP bridge's life in the agent, beside the embedded speaker: started on the speaker when
 * the first peer needs it, given the new neighbours on every pass, started again on a new speaker
 * (after the speaker restarts in place), stopped with the agent. Not thread-safe: the controller's
 * thread calls it.
 */
public final class ExabgpHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExabgpHost.class);

    private final AgentConfig.Exabgp config;
    private ExabgpBridge bridge;
    private Speaker on;

    public ExabgpHost(AgentConfig.Exabgp config) {
        this.config = config;
    }

    /** Peers whose BGPPeer sets no {@code speaker}, and the mesh, run in ExaBGP. */
    public boolean exabgpByDefault() {
        return config.exabgpByDefault();
    }

    /** The peer addresses the agent's configuration puts on ExaBGP. */
    public Set<IpAddress> namedPeers() {
        return Set.copyOf(config.peers());
    }

    /** ExaBGP's sessions carry BGP-LS too. */
    public boolean linkState() {
        return config.linkState();
    }

    /**
     * Makes ExaBGP run exactly these neighbours for {@code speaker}; none stops it. A configuration
     * ExaBGP cannot take is logged and leaves ExaBGP as it was.
     */
    public void apply(Speaker speaker, long asNumber, IpAddress routerId, List<ExabgpNeighbor> neighbors) {
        try {
            applyOrThrow(speaker, asNumber, routerId, neighbors);
        } catch (IllegalArgumentException e) {
            log.error("ExaBGP: cannot run these peers: {}", e.getMessage());
        }
    }

    private void applyOrThrow(Speaker speaker, long asNumber, IpAddress routerId, List<ExabgpNeighbor> neighbors) {
        if (bridge != null && on != speaker) {
            bridge.close();
            bridge = null;
        }
        if (neighbors.isEmpty()) {
            if (bridge != null) {
                log.info("no peer uses ExaBGP any more: stopping it");
                bridge.close();
                bridge = null;
            }
            return;
        }
        if (bridge == null) {
            ExabgpSettings settings = ExabgpSettings.of(config.runDirectory(), asNumber, routerId, neighbors);
            bridge = new ExabgpBridge(speaker, new ExabgpSettings(config.executable(), settings.python(), settings.launcher(),
                    settings.runDirectory(), asNumber, routerId, neighbors, settings.restartMin(), settings.restartMax()));
            on = speaker;
            bridge.start();
            log.info("ExaBGP bridge started for {} peer(s)", neighbors.size());
        } else {
            bridge.reconfigure(neighbors);
        }
    }

    /** The addresses of the peers ExaBGP runs now. */
    public Set<IpAddress> running() {
        ExabgpBridge b = bridge;
        return b == null ? Set.of() : b.peers().keySet();
    }

    /** The bridge's state, or null when ExaBGP is not in use. */
    public BridgeStatus status() {
        ExabgpBridge b = bridge;
        return b == null ? null : b.status();
    }

    /** The BGP-LS topology; empty when ExaBGP is not in use. */
    public LinkStateTopology.Snapshot topology() {
        ExabgpBridge b = bridge;
        return b == null ? LinkStateTopology.Snapshot.EMPTY : b.topology().snapshot();
    }

    @Override
    public void close() {
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }
}
