package io.muslin.agent.runtime;

import io.muslin.agent.address.AddressMethod;
import io.muslin.agent.address.AddressSelector;
import io.muslin.agent.address.NetInterface;
import io.muslin.agent.bgp.PeerMapping;
import io.muslin.agent.cluster.ClusterCache;
import io.muslin.agent.cluster.LastKnownState;
import io.muslin.agent.cluster.LastKnownStateFile;
import io.muslin.agent.cluster.NodeRegistration;
import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.exabgp.ExabgpHost;
import io.muslin.agent.host.Forwarding;
import io.muslin.agent.host.HostInterfaces;
import io.muslin.agent.host.StateFiles;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.routing.LocRibFeed;
import io.muslin.agent.routing.RestartDetection;
import io.muslin.agent.routing.RouteReports;
import io.muslin.agent.status.BlockStatus;
import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.RouteSummary;
import io.muslin.agent.status.StatusSources;
import io.muslin.bgp.speaker.StopMode;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.cache.InformerStats;
import io.muslin.exabgp.BridgeStatus;
import io.muslin.exabgp.LinkStateTopology;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.NodeBlockListener;
import io.muslin.ipam.NodeBlockWatch;
import io.muslin.ipam.UsageReport;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.linux.RouteProgrammer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pod network, running: interfaces read and addresses selected, this Node registered,
 * {@code nodename} written, our routes in the kernel detected (a graceful restart), the route
 * programmer, the datastore caches, IPAM's block watch and the controller that joins them. All
 * further work is driven by datastore watches and the speaker's Loc-RIB, never by restarting.
 * {@link #close(StopMode)} with {@link StopMode#RESTART} leaves routes, devices and peers' copies
 * of our routes in place.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);
    /** Datastore bursts (a rollout touching many Nodes) become one pass. */
    static final Duration DEBOUNCE = Duration.ofMillis(20);
    /** The longest a restarting speaker waits for its peers' End-of-RIBs before selecting. */
    static final Duration SELECTION_DEFERRAL = Duration.ofSeconds(60);
    /**
     * How long start-up waits for the first lists before carrying on: the watches go on, their first
     * lists start a pass when they come, and meanwhile the node runs from its last known state (a
     * restart during a datastore outage must bring the sessions back before peers' graceful-restart
     * timers run out) or waits for the datastore with its HTTP API up and not ready.
     */
    static final Duration FIRST_LIST = Duration.ofSeconds(3);
    private static final Duration USAGE_MAX_AGE = Duration.ofSeconds(10);
    private static final Duration USAGE_WAIT = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final Clock clock;
    private final Netlink netlink;
    private final RouteProgrammer programmer;
    private final RouteReports reports;
    private final SpeakerHost speaker;
    private final LocRibFeed feed;
    private final Ipam ipam;
    private final ClusterCache cluster;
    private final NodeBlockWatch blocks;
    private final ScheduledExecutorService controllerThread;
    private final NodeController controller;
    private final InterfaceAddress ipv4;
    private final InterfaceAddress ipv6;
    private volatile UsageReport usage;
    private volatile Instant usageAt = Instant.EPOCH;
    private volatile CompletableFuture<Void> usageRefresh;
    private volatile boolean closed;

    private NodeRuntime(AgentConfig config, Datastore datastore, AgentMetrics metrics, RecentErrors errors, Clock clock)
            throws Exception {
        this.config = config;
        this.clock = clock;
        this.netlink = LinuxNetlink.open();
        List<NetInterface> interfaces = HostInterfaces.read(netlink);
        AddressSelector.SourceLookup lookup = HostInterfaces.sourceLookup(netlink);
        this.ipv4 = select(config.nodeAddress().ipv4(), false, interfaces, lookup);
        this.ipv6 = select(config.nodeAddress().ipv6(), true, interfaces, lookup);
        if (ipv4 == null && ipv6 == null) {
            throw new IllegalStateException("no node address: nodeAddress.ipv4 and nodeAddress.ipv6 found none");
        }
        IpAddress routerId = config.bgp().routerId().orElse(ipv4 == null ? null : ipv4.address());
        if (routerId == null) {
            throw new IllegalStateException("bgp.routerId is required: this node has no IPv4 address to use as BGP identifier");
        }
        List<String> forwarding = Forwarding.ofThisNamespace().enable(ipv4 != null, ipv6 != null);
        if (!forwarding.isEmpty()) {
            log.info("turned on {} (pods on other nodes reach this node's pods only with forwarding)", forwarding);
        }
        StateFiles state = new StateFiles(config.stateDir());
        state.writeNodeName(config.nodeName());

        ResourceStore resources = new ResourceStore(datastore);
        NodeRegistration registration = new NodeRegistration(config.nodeName(), ipv4, ipv6, config.bgp().asNumber());
        LastKnownStateFile lastKnownFile = new LastKnownStateFile(config.stateDir());
        Optional<LastKnownState> lastKnown = lastKnownFile.read(config.nodeName());
        // With a saved state the Node is registered by the controller's first pass over the live
        // caches: a datastore that does not answer must not hold the sessions back (its timeouts
        // are seconds, peers' graceful-restart times not many more).
        boolean registered = lastKnown.isEmpty() && register(registration, resources);

        PlannerConfig planner = PlannerConfig.DEFAULT;
        RestartDetection restart = RestartDetection.inspect(netlink, planner.protocol(), planner.table());
        if (restart.restarting()) {
            log.info("{} route(s) of ours are in the kernel: a graceful restart (forwarding state preserved);"
                    + " nothing is deleted until the Loc-RIB is complete", restart.routesFound());
        }
        this.reports = new RouteReports(metrics, errors, clock);
        this.programmer = RouteProgrammer.start(null, planner, config.routeResyncInterval(), reports::onReport);
        reports.readFrom(programmer::status);
        this.feed = new LocRibFeed(programmer);
        this.speaker = new SpeakerHost(restart.restarting(), SELECTION_DEFERRAL, feed, metrics);
        // Peers whose BGPPeer says speaker: exabgp run in ExaBGP beside the speaker, fed into its RIB.
        this.speaker.useExabgp(new ExabgpHost(config.exabgp()));
        this.ipam = new Ipam(datastore);

        this.controllerThread = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("muslin-agent-controller").unstarted(r));
        ControllerTask task = new ControllerTask();
        Debouncer debouncer = new Debouncer((r, d) -> controllerThread.schedule(r, d.toNanos(), TimeUnit.NANOSECONDS),
                System::nanoTime, task);
        // The datastore monitor logs an outage once; each watch's view of it is detail.
        this.cluster = new ClusterCache(resources, () -> debouncer.request(DEBOUNCE),
                (up, why) -> log.debug("datastore {}: {}", up ? "back" : "away", why));
        this.blocks = ipam.watchNodeBlocks(config.nodeName(), new NodeBlockListener() {
            @Override
            public void onBlocks(String node, List<IpPrefix> now) {
                // A block claimed (a CNI ADD in another process too) goes to the speaker at once.
                debouncer.request(Duration.ZERO);
            }
        });
        this.controller = new NodeController(new NodeController.Parts(config.nodeName(), ipv4 == null ? null : ipv4.address(),
                ipv6 == null ? null : ipv6.address(), routerId, config.bgp().secretNamespace(), cluster, ipam,
                new NodeController.BlockSource() {
                    @Override
                    public List<IpPrefix> blocks() {
                        return blocks.blocks();
                    }

                    @Override
                    public boolean synced() {
                        try {
                            return blocks.awaitSynced(Duration.ZERO);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                }, programmer, speaker, new PeerMapping(config.bgp().holdTime(), config.bgp().gracefulRestartTime()), state,
                config.mtu(), uplinkMtu(netlink, ipv4 != null ? ipv4.address() : ipv6.address()), config.bgp().listenPort(),
                errors, lastKnownFile, lastKnown, new NodeController.Registration() {
                    @Override
                    public boolean done() {
                        return registered;
                    }

                    @Override
                    public void register() {
                        registration.apply(resources);
                    }
                }, clock));
        task.controller = controller;
        if (!cluster.awaitSynced(FIRST_LIST) || !blocks.awaitSynced(Duration.ofSeconds(1))) {
            log.warn("the datastore caches have no first list after {} s; carrying on {}, they follow when it answers",
                    FIRST_LIST.toSeconds(), lastKnown.isPresent() ? "from the last known state" : "without a last known state");
        }
        debouncer.request(Duration.ZERO);
    }

    /** Starts the node's runtime; throws with a one-line reason when it cannot (no address, datastore refused). */
    public static NodeRuntime start(AgentConfig config, Datastore datastore, AgentMetrics metrics, RecentErrors errors,
                                    Clock clock) throws Exception {
        return new NodeRuntime(config, datastore, metrics, errors, clock);
    }

    /** Registers this node's Node now; false (logged) when the datastore cannot be reached: retried later. */
    private static boolean register(NodeRegistration registration, ResourceStore resources) {
        try {
            registration.apply(resources);
            return true;
        } catch (RuntimeException e) {
            log.warn("cannot register node {} now ({}); retried when the datastore answers", registration.nodeName(),
                    e.getMessage());
            return false;
        }
    }

    /** Told this node's BGP peers' addresses now and whenever they change. */
    public void onPeerAddresses(java.util.function.Consumer<List<IpAddress>> listener) {
        controller.onPeerAddresses(listener);
    }

    /** IPAM on the agent's datastore connection. */
    public Ipam ipam() {
        return ipam;
    }

    /** The node's selected addresses, for the start-up log and for parts that need them (policy). */
    public List<InterfaceAddress> nodeAddresses() {
        List<InterfaceAddress> out = new ArrayList<>();
        if (ipv4 != null) {
            out.add(ipv4);
        }
        if (ipv6 != null) {
            out.add(ipv6);
        }
        return out;
    }

    private static InterfaceAddress select(AddressMethod method, boolean v6, List<NetInterface> interfaces,
                                           AddressSelector.SourceLookup lookup) {
        return switch (AddressSelector.select(method, v6, interfaces, lookup)) {
            case AddressSelector.Result.Disabled d -> null;
            case AddressSelector.Result.Found f -> {
                log.info("node {} address {} ({})", v6 ? "IPv6" : "IPv4", f.address(), f.how());
                yield f.address();
            }
            case AddressSelector.Result.NotFound n -> throw new IllegalStateException("nodeAddress." + (v6 ? "ipv6" : "ipv4")
                    + ": " + n.reason());
        };
    }

    /** The MTU of the interface holding the node address (the uplink). */
    static OptionalInt uplinkMtu(Netlink netlink, IpAddress node) {
        for (Addr a : netlink.addrList(node.v6() ? IpAddress.AF_INET6 : IpAddress.AF_INET)) {
            if (a.address().address().equals(node)) {
                for (Link l : netlink.linkList()) {
                    if (l.index() == a.ifIndex()) {
                        return OptionalInt.of(l.mtu());
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /** {@code base} with the running parts' providers: sessions, routes, blocks, and the watches' lag. */
    public StatusSources sources(StatusSources base) {
        return base.withPeers(controller::peers)
                .withRoutes(this::routeSummary, () -> RouteReports.entries(programmer.routes(RouteReports.LISTED_ROUTES)))
                .withBlocks(this::blockStatus);
    }

    private RouteSummary routeSummary() {
        String waiting = controller.waitingFor();
        if (waiting != null) {
            RouteSummary none = RouteSummary.none();
            return new RouteSummary(none.programmed(), 0, false, null, "waiting for " + waiting, none.tunnels());
        }
        return reports.summary();
    }

    /** The monitor's view, with the watches' lag and reconnects added. */
    public DatastoreStatus datastore(DatastoreStatus monitor) {
        long lag = 0;
        long reconnects = monitor.reconnects();
        for (InformerStats s : cluster.stats()) {
            lag = Math.max(lag, s.lagRevisions());
            reconnects += s.reconnects();
        }
        InformerStats b = blocks.stats();
        lag = Math.max(lag, b.lagRevisions());
        return new DatastoreStatus(monitor.description(), monitor.connected(), monitor.since(), monitor.revision(), lag,
                reconnects + b.reconnects(), monitor.lastError());
    }

    /**
     * This node's blocks with their pools and use. The counts come from IPAM (a datastore read);
     * a reader waits for that read at most {@link #USAGE_WAIT}: while etcd is away a stale count
     * starts one refresh in the background and the last known one is shown, so {@code /status} and
     * the probes keep answering.
     */
    private List<BlockStatus> blockStatus() {
        if (usage == null || Duration.between(usageAt, clock.instant()).compareTo(USAGE_MAX_AGE) > 0) {
            CompletableFuture<Void> running = usageRefresh;
            if (running == null || running.isDone()) {
                running = CompletableFuture.runAsync(() -> {
                    try {
                        usage = ipam.usage();
                        usageAt = clock.instant();
                    } catch (RuntimeException e) {
                        log.debug("IPAM usage not read: {}", e.getMessage());
                    }
                }, r -> Thread.ofPlatform().daemon().name("muslin-ipam-usage").start(r));
                usageRefresh = running;
            }
            try {
                running.get(USAGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // The last known counts are shown meanwhile.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        UsageReport u = usage;
        Map<String, UsageReport.BlockUsage> byCidr = new HashMap<>();
        if (u != null) {
            u.blocks().forEach(b -> byCidr.put(b.cidr(), b));
        }
        List<BlockStatus> out = new ArrayList<>();
        for (IpPrefix p : blocks.blocks()) {
            UsageReport.BlockUsage bu = byCidr.get(p.toString());
            int size = (int) p.size().min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
            out.add(new BlockStatus(p.toString(), bu == null ? null : bu.pool(), size, bu == null ? 0 : bu.allocated()));
        }
        return out;
    }

    /** Stops for an agent restart: routes, devices and chains stay; peers keep our routes as stale. */
    /** The ExaBGP bridge's state; null when no peer uses it. */
    public BridgeStatus exabgpStatus() {
        ExabgpHost host = speaker.exabgp();
        return host == null ? null : host.status();
    }

    /** The BGP-LS topology heard through ExaBGP; empty when no peer uses it. */
    public LinkStateTopology.Snapshot topology() {
        ExabgpHost host = speaker.exabgp();
        return host == null ? LinkStateTopology.Snapshot.EMPTY : host.topology();
    }

    @Override
    public void close() {
        close(StopMode.RESTART);
    }

    public synchronized void close(StopMode mode) {
        if (closed) {
            return;
        }
        closed = true;
        controllerThread.shutdownNow();
        try {
            controllerThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The kernel first: the sessions going down must not withdraw a route of ours from it.
        feed.stop();
        quietly("the route programmer", programmer::close);
        quietly("the block watch", blocks::close);
        quietly("the datastore caches", cluster::close);
        quietly("the BGP speaker", () -> speaker.close(mode));
        quietly("netlink", netlink::close);
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("stopping {} failed: {}", what, e.getMessage());
        }
    }

    /** The debounced pass: never two at once (one thread), never ends the thread on an error. */
    private static final class ControllerTask implements Runnable {
        volatile NodeController controller;

        @Override
        public void run() {
            NodeController c = controller;
            if (c == null) {
                return;
            }
            try {
                c.reconcile();
            } catch (RuntimeException e) {
                log.error("controller pass failed: {}", e.toString(), e);
            }
        }
    }
}
