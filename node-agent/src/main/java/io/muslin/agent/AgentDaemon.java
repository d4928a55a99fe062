package io.muslin.agent;

import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.http.AgentHttpServer;
import io.muslin.agent.ipam.IpamMaintenance;
import io.muslin.agent.policy.PolicySync;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.runtime.NodeRuntime;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.Heartbeat;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.StatusSources;
import io.muslin.cni.server.CniServer;
import io.muslin.bgp.speaker.StopMode;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import java.time.Clock;
import io.muslin.net.IpAddress;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.render.HostProtection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: the datastore connection and its monitor, the node's runtime (addresses,
 * Node registration, IPAM, BGP speaker, route programmer, all driven by datastore watches), the
 * status service, the metrics, the CNI plugin server and the HTTP API — started in that order and
 * stopped in reverse.
 */
public final class AgentDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentDaemon.class);
    static final Duration DATASTORE_CHECK = Duration.ofSeconds(5);
    /** The vxlan port between nodes: the route programmer's device's. */
    static final int VXLAN_PORT = io.muslin.routing.PlannerConfig.DEFAULT.vxlanPort();

    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();
    private final RecentErrors errors = new RecentErrors(20, clock);
    private Datastore datastore;
    private DatastoreMonitor monitor;
    private NodeRuntime runtime;
    private IpamMaintenance ipamMaintenance;
    private PolicySync policy;
    private CniServer cniServer;
    private AgentHttpServer http;
    private int httpPort;
    private boolean closed;

    public AgentDaemon(AgentConfig config) {
        this.config = config;
    }

    /** Opens the datastore, starts the node's runtime and the HTTP API; returns the HTTP port. */
    public int start() throws Exception {
        datastore = switch (config.datastore()) {
            case AgentConfig.EtcdStore e -> EtcdDatastore.connect(e.etcd());
            case AgentConfig.FileStore f -> FileDatastore.open(f.directory());
        };
        Heartbeat beat = new Heartbeat("datastore monitor", DATASTORE_CHECK.multipliedBy(6), clock);
        monitor = new DatastoreMonitor(datastore, clock, errors, beat);
        monitor.start(DATASTORE_CHECK);
        AgentMetrics metrics = new AgentMetrics(config.nodeName(), Version.current(), clock);
        runtime = NodeRuntime.start(config, datastore, metrics, errors, clock);
        NodeRuntime rt = runtime;
        StatusSources sources = rt.sources(StatusSources.withoutDataplane(config.policy().enabled(),
                config.policy().iptablesBackend().text(), () -> rt.datastore(monitor.status())));
        sources = startPolicyAndIpamMaintenance(sources, metrics);
        cniServer = config.cniServerFile().map(file -> CniServer.start(file, datastore)).orElse(null);
        AgentStatusService status = new AgentStatusService(config.nodeName(), Version.current(), clock, sources, errors);
        status.watch(beat);
        status.exabgp(rt::exabgpStatus);
        http = new AgentHttpServer(status, metrics);
        http.topology(rt::topology);
        httpPort = http.start(config.http().address(), config.http().port());
        log.info("muslin agent {} on node {}: datastore {}, node address(es) {}, HTTP on {} port {}", Version.current(),
                config.nodeName(), config.datastore().describe(), rt.nodeAddresses(), config.http().address(), httpPort);
        return httpPort;
    }

    /**
     * IPAM garbage collection for this node ({@code ipam.gcInterval}, {@code ipam.gcGrace}) and,
     * when {@code policy.enabled}, network policy enforcement, both driven by their own datastore
     * reads; their meters go to the agent's registry. With {@code policy.hostProtection.enabled} the
     * sync also keeps the node's own traffic accepted (see {@link #hostInputs}).
     */
    private StatusSources startPolicyAndIpamMaintenance(StatusSources sources, AgentMetrics metrics) {
        ResourceStore store = new ResourceStore(datastore);
        ipamMaintenance = IpamMaintenance.start(runtime.ipam(), store, config.nodeName(), config.ipam().gcInterval(),
                config.ipam().gcGrace(), metrics.registry());
        if (!config.policy().enabled()) {
            return sources;
        }
        Set<IpAddress> addresses = new HashSet<>();
        runtime.nodeAddresses().forEach(a -> addresses.add(a.address()));
        Backend backend = switch (config.policy().iptablesBackend()) {
            case AUTO -> null;
            case LEGACY -> Backend.LEGACY;
            case NFT -> Backend.NFT;
        };
        policy = PolicySync.start(store, config.nodeName(), PolicySync.Options.defaults(addresses).withBackend(backend)
                .withHost(hostInputs(config)).withRegistry(metrics.registry()));
        PolicySync p = policy;
        if (config.policy().hostProtection().enabled()) {
            runtime.onPeerAddresses(p::bgpPeers);
        }
        return sources.withPolicy(p::summary);
    }

    /**
     * Host protection as Calico users expect it: BGP from and to the nodes and this node's peers, this
     * node's etcd endpoints, ipip and vxlan between nodes (from other hosts dropped when
     * {@code dropForeignEncapsulation}), Calico's failsafe ports, and the agent's HTTP port inbound
     * when it listens on more than loopback. IPv6 endpoints are left out (the rules are IPv4).
     */
    static PolicySync.Options.HostInputs hostInputs(AgentConfig config) {
        AgentConfig.HostProtection hp = config.policy().hostProtection();
        if (!hp.enabled()) {
            return PolicySync.Options.HostInputs.NONE;
        }
        List<HostProtection.EtcdEndpoint> etcd = new ArrayList<>();
        if (config.datastore() instanceof AgentConfig.EtcdStore e) {
            for (URI u : e.etcd().endpoints()) {
                int port = u.getPort() > 0 ? u.getPort() : 2379;
                try {
                    for (InetAddress a : InetAddress.getAllByName(u.getHost())) {
                        IpAddress ip = IpAddress.of(a);
                        if (!ip.v6()) {
                            etcd.add(new HostProtection.EtcdEndpoint(ip, port));
                        }
                    }
                } catch (UnknownHostException ex) {
                    log.warn("host protection: etcd endpoint {} does not resolve now; connections to it are not failsafe", u);
                }
            }
        }
        List<HostProtection.Failsafe> in = new ArrayList<>(hp.failsafeInbound().stream().map(HostProtection.Failsafe::parse).toList());
        IpAddress httpAddress = config.http().address();
        if (!httpAddress.isLoopback() && config.http().port() > 0) {
            in.add(new HostProtection.Failsafe("tcp", config.http().port()));
        }
        List<HostProtection.Failsafe> out = hp.failsafeOutbound().stream().map(HostProtection.Failsafe::parse).toList();
        return new PolicySync.Options.HostInputs(true, List.of(), etcd.stream().distinct().toList(), true, true, VXLAN_PORT,
                hp.dropForeignEncapsulation(), in.stream().distinct().toList(), out);
    }

    /** Stops for an agent restart: kernel routes, devices and chains stay, peers keep our routes. */
    @Override
    public void close() {
        close(StopMode.RESTART);
    }

    public synchronized void close(StopMode mode) {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.close();
        }
        if (cniServer != null) {
            cniServer.close();
        }
        if (policy != null) {
            policy.close();
        }
        if (ipamMaintenance != null) {
            ipamMaintenance.close();
        }
        if (runtime != null) {
            runtime.close(mode);
        }
        if (monitor != null) {
            monitor.close();
        }
        if (datastore != null) {
            datastore.close();
        }
        log.info("muslin agent stopped ({})", mode == StopMode.RESTART ? "for a restart: routes and sessions' routes kept"
                : "for good");
    }
}
