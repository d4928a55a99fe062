package io.muslin.agent.runtime;

import io.muslin.agent.bgp.PeerMapping;
import io.muslin.agent.bgp.PeerStatusView;
import io.muslin.agent.bgp.SpeakerDesired;
import io.muslin.agent.cluster.ClusterCache;
import io.muslin.agent.cluster.ClusterState;
import io.muslin.agent.cluster.LastKnownState;
import io.muslin.agent.cluster.LastKnownStateFile;
import io.muslin.agent.host.Mtu;
import io.muslin.agent.host.StateFiles;
import io.muslin.agent.peers.DesiredPeer;
import io.muslin.agent.peers.PeerCalculator;
import io.muslin.agent.peers.PeerSet;
import io.muslin.agent.peers.Secrets;
import io.muslin.agent.routing.PoolMapping;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.agent.status.RecentErrors;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Secret;
import io.muslin.ipam.Ipam;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.Pool;
import io.muslin.routing.linux.RouteProgrammer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one reconciler, run on the controller thread only (never two at once): from the
 * informer caches and this node's confirmed blocks it computes the peer set, the speaker's
 * desired state, the route programmer's node intent and the pod MTU, and hands each on when it
 * changed. It claims a block when the node has none (so every node advertises one from the
 * start), asks IPAM for the tunnel address when a pool wants a tunnel, and starts the speaker on
 * its first pass once this node's Node is in the cache. Everything it does is idempotent: a pass
 * with nothing new changes nothing.
 * <p>After each pass over the live caches it saves what the pass decided from
 * ({@link LastKnownState}); while the caches have no first list (the datastore cannot be reached at
 * start) it decides from that saved state instead — the same code, so the same sessions and routes —
 * and claims nothing, writes nothing to the datastore and registers the Node once the datastore answers.
 */
final class NodeController {
    private static final Logger log = LoggerFactory.getLogger(NodeController.class);

    /** What the controller needs from its surroundings. */
    record Parts(String nodeName, IpAddress nodeIpv4, IpAddress nodeIpv6, IpAddress routerId, String secretNamespace,
                 ClusterCache cluster, Ipam ipam, BlockSource blocks, RouteProgrammer programmer, SpeakerHost speaker,
                 PeerMapping mapping, StateFiles stateFiles, OptionalInt configuredMtu, OptionalInt uplinkMtu,
                 OptionalInt listenPort, RecentErrors errors, LastKnownStateFile lastKnownFile,
                 Optional<LastKnownState> lastKnown, Registration registration, Clock clock) {}

    /** This node's Node in the datastore (address, AS); done at start, retried on live passes when it failed. */
    interface Registration {
        boolean done();

        /** Registers (a datastore write); throws when the datastore refuses or cannot be reached. */
        void register();
    }

    /** This node's confirmed blocks, as last told by IPAM. */
    interface BlockSource {
        List<IpPrefix> blocks();

        /** The first list is in: an empty {@link #blocks()} means the node has none. */
        boolean synced();
    }

    private final Parts parts;
    // Controller thread only.
    private NodeIntent lastIntent;
    private DesiredState lastDesired;
    private IpAddress tunnelAddress;
    private List<String> lastWarnings = List.of();
    private final Set<String> toldProblems = new HashSet<>();
    private volatile Map<IpAddress, DesiredPeer> desiredPeers = Map.of();
    private volatile Consumer<List<IpAddress>> peerAddressListener = a -> { };
    private List<IpAddress> lastPeerAddresses = List.of();
    private volatile String waitingFor = "the first pass over the datastore";
    private LastKnownState lastKnown;
    private boolean offline;
    private boolean registered;

    NodeController(Parts parts) {
        this.parts = parts;
        this.lastKnown = parts.lastKnown().orElse(null);
        this.registered = parts.registration().done();
    }

    /** Told the BGP peers' addresses now and whenever they change (host protection accepts BGP from them). */
    void onPeerAddresses(Consumer<List<IpAddress>> listener) {
        peerAddressListener = listener;
        listener.accept(desiredPeers.keySet().stream().sorted().toList());
    }

    /** Whether the last pass ran from the saved state because the datastore had not answered yet. */
    boolean offline() {
        return offline;
    }

    /** Why the speaker is not running yet; null once it runs. */
    String waitingFor() {
        return waitingFor;
    }

    /** The sessions for {@code /status}. */
    List<PeeringStatus> peers() {
        var s = parts.speaker().status();
        return s == null ? List.of() : PeerStatusView.of(s, desiredPeers);
    }

    /** One pass; errors of one part are reported and the others still run. */
    void reconcile() {
        if (!parts.cluster().synced() || !parts.blocks().synced()) {
            reconcileOffline();
            return;
        }
        if (offline) {
            log.info("the datastore answers: deciding from its state again (was the last known state of {})",
                    lastKnown.savedAt());
            offline = false;
        }
        register();
        ClusterCache live = parts.cluster();
        List<IPPool> pools = live.pools();
        List<Pool> routingPools = PoolMapping.toPools(pools);
        List<IpPrefix> own = claimBlocksIfNone(pools);
        tunnel(routingPools, own);
        intent(routingPools, own);
        mtu(routingPools);
        Set<String> secretsUsed = new TreeSet<>();
        bgp(live, pools, own, secretsUsed);
        save(live, own, secretsUsed);
    }

    /**
     * The datastore has not answered since start: with a saved state, the node runs from it (the
     * speaker starts, the kernel keeps its routes); without one it waits, and says so.
     */
    private void reconcileOffline() {
        if (lastKnown == null) {
            waitingFor = "the datastore caches' first list (no last known state in " + parts.lastKnownFile().path()
                    + " to start from)";
            return;
        }
        if (!offline) {
            log.warn("the datastore has not answered yet: running from the last known state ({})", lastKnown.describe());
            offline = true;
        }
        if (tunnelAddress == null) {
            tunnelAddress = lastKnown.tunnelAddress();
        }
        List<IPPool> pools = lastKnown.pools();
        List<Pool> routingPools = PoolMapping.toPools(pools);
        intent(routingPools, lastKnown.blocks());
        mtu(routingPools);
        bgp(lastKnown, pools, lastKnown.blocks(), new TreeSet<>());
    }

    private void register() {
        if (registered) {
            return;
        }
        try {
            parts.registration().register();
            registered = true;
        } catch (RuntimeException e) {
            problem("node", "cannot register this node's Node yet: " + e.getMessage());
        }
    }

    /** Saves what this pass decided from, when it differs from what was saved. */
    private void save(ClusterCache live, List<IpPrefix> own, Set<String> secretsUsed) {
        if (live.node(parts.nodeName()).isEmpty()) {
            return;
        }
        List<Secret> secrets = new ArrayList<>();
        for (String name : secretsUsed) {
            live.secret(parts.secretNamespace(), name).ifPresent(secrets::add);
        }
        LastKnownState now = new LastKnownState(parts.clock().instant(), parts.nodeName(), live.nodes(), live.bgpPeers(),
                live.bgpConfigurations(), live.pools(), List.copyOf(live.bgpFilters().values()), secrets, own, tunnelAddress);
        if (now.sameContent(lastKnown)) {
            return;
        }
        try {
            parts.lastKnownFile().write(now);
            lastKnown = now;
        } catch (RuntimeException e) {
            problem("node", e.getMessage());
        }
    }

    // ---- IPAM ---------------------------------------------------------------------------------

    /**
     * A node that has no block of a family it has an address of claims one from the first enabled
     * pool of that family (by name) that lets it: Calico claims on the first pod, but a node must
     * advertise its block before pods exist for the others to reach it at once.
     */
    private List<IpPrefix> claimBlocksIfNone(List<IPPool> pools) {
        List<IpPrefix> own = parts.blocks().blocks();
        for (boolean v6 : new boolean[] {false, true}) {
            if ((v6 ? parts.nodeIpv6() : parts.nodeIpv4()) == null || own.stream().anyMatch(b -> b.v6() == v6)) {
                continue;
            }
            List<IPPool> candidates = pools.stream().filter(p -> !p.disabled() && p.cidr().v6() == v6)
                    .sorted(Comparator.comparing(p -> p.metadata().name())).toList();
            for (IPPool p : candidates) {
                try {
                    var claimed = parts.ipam().claimBlock(parts.nodeName(), p.metadata().name());
                    if (claimed.isPresent()) {
                        log.info("claimed block {} of pool {} for node {}", claimed.get(), p.metadata().name(), parts.nodeName());
                        break;
                    }
                } catch (RuntimeException e) {
                    problem("ipam", "cannot claim a block of pool " + p.metadata().name() + ": " + e.getMessage());
                }
            }
        }
        return parts.blocks().blocks();
    }

    /** The tunnel address (Calico's tunnelAddress), once a pool wants a tunnel and the node has an IPv4 block. */
    private void tunnel(List<Pool> pools, List<IpPrefix> own) {
        if (tunnelAddress != null || !PoolMapping.anyTunnel(pools) || own.stream().noneMatch(b -> !b.v6())) {
            return;
        }
        try {
            tunnelAddress = parts.ipam().tunnelAddress(parts.nodeName());
            log.info("tunnel address of node {}: {}", parts.nodeName(), tunnelAddress);
        } catch (RuntimeException e) {
            problem("ipam", "cannot assign the tunnel address: " + e.getMessage());
        }
    }

    // ---- routes -------------------------------------------------------------------------------

    private void intent(List<Pool> pools, List<IpPrefix> own) {
        IpAddress node = parts.nodeIpv4() != null ? parts.nodeIpv4() : parts.nodeIpv6();
        NodeIntent intent = new NodeIntent(node, pools, own, tunnelAddress);
        if (!intent.equals(lastIntent)) {
            parts.programmer().setNode(intent);
            lastIntent = intent;
        }
    }

    private void mtu(List<Pool> pools) {
        int mtu = Mtu.forPods(parts.configuredMtu(), parts.uplinkMtu(), pools);
        try {
            if (parts.stateFiles().writeMtu(mtu)) {
                log.info("pod MTU {} written to {}", mtu, parts.stateFiles().directory().resolve(StateFiles.MTU));
            }
        } catch (RuntimeException e) {
            problem("node", e.getMessage());
        }
    }

    // ---- BGP ----------------------------------------------------------------------------------

    private void bgp(ClusterState cluster, List<IPPool> pools, List<IpPrefix> own, Set<String> secretsUsed) {
        if (cluster.node(parts.nodeName()).isEmpty()) {
            waitingFor = "this node's Node resource in the datastore";
            return;
        }
        Secrets secrets = (name, key) -> {
            secretsUsed.add(name);
            return cluster.secret(parts.secretNamespace(), name).flatMap(s -> s.stringValue(key));
        };
        PeerSet peers = PeerCalculator.compute(parts.nodeName(), cluster.nodes(), cluster.bgpPeers(),
                cluster.bgpConfigurations(), secrets);
        boolean speakerChoiceChanged = parts.speaker().exabgpPeers(peers, cluster.bgpPeers());
        SpeakerSettings settings = parts.speaker().settingsFor(peers.asNumber(), parts.routerId(),
                parts.listenPort().orElse(peers.listenPort()));
        DesiredState desired;
        List<String> warnings = new ArrayList<>(peers.warnings());
        try {
            desired = SpeakerDesired.of(settings, peers, parts.mapping(), pools, own, cluster.bgpFilters(), warnings);
        } catch (SettingException e) {
            problem("bgp", "the peer set cannot be applied: " + e.getMessage());
            return;
        }
        if (!warnings.equals(lastWarnings)) {
            warnings.forEach(w -> log.warn("peers: {}", w));
            lastWarnings = List.copyOf(warnings);
        }
        Map<IpAddress, DesiredPeer> byAddress = new HashMap<>();
        peers.peers().forEach(p -> byAddress.put(p.address(), p));
        desiredPeers = Map.copyOf(byAddress);
        List<IpAddress> addresses = byAddress.keySet().stream().sorted().toList();
        if (!addresses.equals(lastPeerAddresses)) {
            lastPeerAddresses = addresses;
            peerAddressListener.accept(addresses);
        }
        if (desired.equals(lastDesired) && !speakerChoiceChanged) {
            return;
        }
        try {
            if (!parts.speaker().running()) {
                parts.speaker().start(desired);
                waitingFor = null;
            } else {
                String restart = parts.speaker().needsRestart(desired.speaker());
                if (restart != null) {
                    log.info("bgp: {}: restarting the speaker in place (peers keep our routes as stale, the kernel"
                            + " keeps theirs until the new Loc-RIB is complete)", restart);
                    parts.speaker().restart(desired);
                } else {
                    var result = parts.speaker().apply(desired);
                    result.describe().forEach(line -> log.info("bgp: {}", line));
                }
            }
            lastDesired = desired;
        } catch (SettingException | IllegalStateException e) {
            if (!parts.speaker().running()) {
                waitingFor = "the BGP speaker to start (" + e.getMessage() + ")";
            }
            problem("bgp", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logged and recorded once per distinct text (a pass repeats until the cause goes). */
    private void problem(String component, String text) {
        if (toldProblems.add(component + ": " + text)) {
            log.error("{}: {}", component, text);
            parts.errors().add(component, text);
        }
        if (toldProblems.size() > 1000) {
            toldProblems.clear();
        }
    }
}
