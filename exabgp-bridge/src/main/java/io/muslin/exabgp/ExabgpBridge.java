package io.muslin.exabgp;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.ExternalPeer;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExaBGP's sessions as peers of the embedded speaker. Each neighbour becomes an
 * {@link ExternalPeer} of the {@link Speaker}: what ExaBGP hears goes into the speaker's one RIB
 * (so best-path selection, the Loc-RIB stream, status and metrics need no second path), and
 * what the RIB would send that peer goes to ExaBGP as API commands. ExaBGP is supervised
 * ({@link ExabgpProcess}); when it dies every one of its peers goes down (ExaBGP sends no
 * withdrawals then) and, once it is back and a session is up again, the RIB sends that peer its
 * whole Adj-RIB-Out again: our routes are re-announced. BGP-LS goes to a
 * {@link LinkStateTopology}.
 *
 * <pre>{@code
 * ExabgpBridge bridge = new ExabgpBridge(speaker, ExabgpSettings.of(dir, 64512, routerId, neighbours));
 * bridge.start();
 * bridge.status(); bridge.topology().snapshot();
 * bridge.close();
 * }</pre>
 */
public final class ExabgpBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExabgpBridge.class);
    private static final int LOGGED_LINE_MAX = 300;

    private final Speaker speaker;
    private final EventParser parser = new EventParser();
    private final LinkStateTopology topology = new LinkStateTopology();
    private final Map<IpAddress, ExternalPeer> peers = new ConcurrentHashMap<>();
    private final AtomicLong eventsRead = new AtomicLong();
    private final AtomicLong linesSkipped = new AtomicLong();
    private volatile String lastSkipped = "";
    private volatile ExabgpSettings settings;
    private ApiSocket api;
    private ExabgpProcess process;

    public ExabgpBridge(Speaker speaker, ExabgpSettings settings) {
        this.speaker = speaker;
        this.settings = settings;
    }

    /**
     * Writes the configuration, opens the API socket, adds the external peers and starts ExaBGP.
     *
     * @throws UncheckedIOException     when the run directory or the socket cannot be made
     * @throws IllegalArgumentException naming the field when ExaBGP cannot take a neighbour; nothing
     *                                  is started then
     */
    public synchronized void start() {
        check(settings);
        try {
            Files.createDirectories(settings.runDirectory());
            api = new ApiSocket(settings.runDirectory().resolve("api.sock"), new Events());
        } catch (IOException e) {
            throw new UncheckedIOException("ExaBGP bridge: cannot prepare " + settings.runDirectory(), e);
        }
        addPeers(settings.neighbors());
        process = newProcess(settings);
        process.start();
    }

    /**
     * New neighbours: peers that went away are removed, new ones added, and ExaBGP is restarted
     * with the new configuration (all of its sessions reset). Nothing happens when they are equal.
     *
     * @throws IllegalArgumentException naming the field when ExaBGP cannot take a neighbour; ExaBGP
     *                                  and the peers are left as they were
     */
    public synchronized void reconfigure(List<ExabgpNeighbor> neighbors) {
        ExabgpSettings next = settings.withNeighbors(neighbors);
        if (next.equals(settings)) {
            return;
        }
        check(next);
        process.close();
        downAll("ExaBGP reconfigured");
        for (IpAddress a : List.copyOf(peers.keySet())) {
            speaker.removeExternalPeer(a);
            peers.remove(a);
        }
        settings = next;
        addPeers(neighbors);
        process = newProcess(next);
        process.start();
    }

    /** Renders the configuration once, so that a value ExaBGP cannot take is refused before anything changes. */
    private static void check(ExabgpSettings s) {
        ExabgpConfig.render(s, s.runDirectory().resolve("api-relay.py"), s.runDirectory().resolve("api.sock"));
    }

    private void addPeers(List<ExabgpNeighbor> neighbors) {
        for (ExabgpNeighbor n : neighbors) {
            IpAddress address = n.peer().address();
            peers.put(address, speaker.addExternalPeer(n.peer(), updates -> export(address, updates)));
        }
    }

    private ExabgpProcess newProcess(ExabgpSettings s) {
        Path dir = s.runDirectory();
        Path relay = dir.resolve("api-relay.py");
        Path config = dir.resolve("exabgp.conf");
        try {
            Files.writeString(relay, ExabgpConfig.RELAY);
            Files.writeString(config, ExabgpConfig.render(s, relay, api.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("ExaBGP bridge: cannot write " + config, e);
        }
        List<String> command = new ArrayList<>(s.launcher());
        command.add(s.executable().toString());
        command.add(config.toString());
        return new ExabgpProcess(command, ExabgpConfig.environment(s, System.getProperty("user.name")), s.restartMin(),
                s.restartMax(), new ExabgpProcess.Listener() {
                    @Override
                    public void started(long pid) {
                    }

                    @Override
                    public void exited(long pid, int exitCode) {
                        downAll("exabgp exited with " + exitCode);
                    }
                });
    }

    /** The RIB's UPDATEs for one peer, as commands (on the RIB's thread). */
    private void export(IpAddress neighbor, List<Update> updates) {
        ApiSocket socket = api;
        for (Update u : updates) {
            for (String command : ApiCommands.of(neighbor, u)) {
                if (!socket.send(command)) {
                    // The session is gone with ExaBGP; the RIB sends everything again when it is back up.
                    return;
                }
            }
        }
    }

    private void downAll(String reason) {
        for (Map.Entry<IpAddress, ExternalPeer> e : peers.entrySet()) {
            if (e.getValue().state() != SessionState.IDLE) {
                e.getValue().down(reason);
            }
            topology.dropPeer(e.getKey());
        }
    }

    /** One line from ExaBGP: an event applied, or a line logged and skipped. */
    void handle(String line) {
        eventsRead.incrementAndGet();
        ExabgpEvent event;
        try {
            event = parser.parse(line);
        } catch (MalformedEventException e) {
            skip(line, e.getMessage());
            return;
        }
        ExternalPeer peer = event.peer() == null ? null : peers.get(event.peer());
        if (peer == null) {
            if (!(event instanceof ExabgpEvent.Ignored)) {
                skip(line, "neighbour " + event.peer() + " is not one of ours");
            }
            return;
        }
        switch (event) {
            case ExabgpEvent.StateChange s -> state(peer, s);
            case ExabgpEvent.RouteUpdate u -> {
                peer.withdraw(u.withdrawn());
                for (ExabgpEvent.Announcement a : u.announced()) {
                    peer.announce(a.prefixes(), a.attributes(), a.nextHops());
                }
            }
            case ExabgpEvent.EndOfRib e -> {
                if (e.family().isSupported()) {
                    peer.endOfRib(e.family());
                }
            }
            case ExabgpEvent.LinkStateUpdate ls -> topology.apply(ls);
            case ExabgpEvent.NotificationEvent n -> log.info("ExaBGP neighbour {}: NOTIFICATION {} {}/{}", n.peer(),
                    n.direction().equals("send") ? "sent" : "received", n.code(), n.subcode());
            case ExabgpEvent.Ignored ignored -> { }
        }
    }

    private void state(ExternalPeer peer, ExabgpEvent.StateChange s) {
        switch (s.state()) {
            case "up" -> {
                log.info("ExaBGP neighbour {} up", s.peer());
                IpAddress local = s.local() != null ? s.local() : peer.spec().session().localAddress();
                peer.up(s.peerAs() > 0 ? s.peerAs() : peer.spec().session().asNumber(), null, families(peer), local);
            }
            case "down" -> {
                log.info("ExaBGP neighbour {} down: {}", s.peer(), s.reason());
                peer.down(s.reason());
                topology.dropPeer(s.peer());
            }
            case "connected" -> {
                log.debug("ExaBGP neighbour {}: connected", s.peer());
                peer.connecting();
            }
            default -> log.debug("ExaBGP neighbour {}: {}", s.peer(), s.state());
        }
    }

    private List<AfiSafi> families(ExternalPeer peer) {
        return peer.spec().session().families();
    }

    private void skip(String line, String why) {
        linesSkipped.incrementAndGet();
        lastSkipped = why;
        String shown = line.length() > LOGGED_LINE_MAX ? line.substring(0, LOGGED_LINE_MAX) + "..." : line;
        log.warn("ExaBGP: line skipped ({}): {}", why, shown);
    }

    public LinkStateTopology topology() {
        return topology;
    }

    /** The peers this bridge runs, by address. */
    public Map<IpAddress, ExternalPeer> peers() {
        return Map.copyOf(peers);
    }

    public BridgeStatus status() {
        ExabgpProcess p = process;
        ApiSocket a = api;
        if (p == null) {
            return new BridgeStatus(ExabgpProcess.State.STOPPED, -1, 0, null, "", false, eventsRead.get(),
                    linesSkipped.get(), lastSkipped);
        }
        return new BridgeStatus(p.state(), p.pid(), p.restarts(), p.lastExitCode(), p.lastError(), a != null && a.connected(),
                eventsRead.get(), linesSkipped.get(), lastSkipped);
    }

    /** Stops ExaBGP, closes the API socket and removes the peers (their routes leave the RIB). */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
        if (api != null) {
            api.close();
        }
        for (IpAddress a : List.copyOf(peers.keySet())) {
            speaker.removeExternalPeer(a);
            peers.remove(a);
        }
    }

    private final class Events implements ApiSocket.Handler {
        @Override
        public void connected() {
            log.info("ExaBGP API connected");
        }

        @Override
        public void line(String line) {
            try {
                handle(line);
            } catch (RuntimeException e) {
                skip(line, "failed: " + e);
            }
        }

        @Override
        public void disconnected() {
            log.info("ExaBGP API disconnected");
            downAll("exabgp API connection closed");
        }
    }
}
