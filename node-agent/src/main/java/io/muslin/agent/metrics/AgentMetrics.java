package io.muslin.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.muslin.agent.status.AgentStatus;
import io.muslin.agent.status.BlockStatus;
import io.muslin.agent.status.BfdView;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.exabgp.ExabgpProcess;
import io.muslin.routing.RouteKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's Prometheus metrics, all named {@code muslin_*} (the list, with types and labels, is in
 * {@code docs/node-agent.md}). Gauges and per-session counters are read from the latest
 * {@link AgentStatus}, which {@link #scrape(AgentStatus)} installs before rendering; durations and
 * NOTIFICATIONs are recorded as they happen.
 */
public final class AgentMetrics {
    public static final String SESSION_STATE = "muslin.bgp.session.state";
    public static final String SESSION_UPTIME = "muslin.bgp.session.uptime.seconds";
    public static final String PREFIXES_RECEIVED = "muslin.bgp.prefixes.received";
    public static final String PREFIXES_ACCEPTED = "muslin.bgp.prefixes.accepted";
    public static final String PREFIXES_ADVERTISED = "muslin.bgp.prefixes.advertised";
    public static final String UPDATES_RECEIVED = "muslin.bgp.updates.received";
    public static final String UPDATES_SENT = "muslin.bgp.updates.sent";
    public static final String NOTIFICATIONS_SENT = "muslin.bgp.notifications.sent";
    public static final String NOTIFICATIONS_RECEIVED = "muslin.bgp.notifications.received";
    public static final String BFD_STATE = "muslin.bfd.session.state";
    public static final String BFD_PACKETS_RECEIVED = "muslin.bfd.packets.received";
    public static final String BFD_PACKETS_SENT = "muslin.bfd.packets.sent";
    public static final String BFD_STATE_CHANGES = "muslin.bfd.state.changes";
    public static final String ROUTES_PROGRAMMED = "muslin.routes.programmed";
    public static final String ROUTES_NOT_INSTALLED = "muslin.routes.not.installed";
    public static final String TUNNEL_UNSUPPORTED = "muslin.routes.tunnel.unsupported";
    public static final String RECONCILE_DURATION = "muslin.route.reconcile.duration";
    public static final String RECONCILE_ERRORS = "muslin.route.reconcile.errors";
    public static final String IPAM_BLOCKS = "muslin.ipam.blocks";
    public static final String IPAM_ADDRESSES = "muslin.ipam.addresses.in.use";
    public static final String POLICY_APPLY_DURATION = "muslin.policy.apply.duration";
    public static final String POLICY_RULES = "muslin.policy.rules";
    public static final String POLICY_IPSETS = "muslin.policy.ipsets";
    public static final String DATASTORE_UP = "muslin.datastore.up";
    public static final String DATASTORE_LAG = "muslin.datastore.watch.lag.revisions";
    public static final String DATASTORE_RECONNECTS = "muslin.datastore.reconnects";
    public static final String AGENT_READY = "muslin.agent.ready";
    public static final String AGENT_INFO = "muslin.agent.build";
    public static final String EXABGP_RUNNING = "muslin.exabgp.running";
    public static final String EXABGP_RESTARTS = "muslin.exabgp.restarts";
    public static final String EXABGP_LINES_SKIPPED = "muslin.exabgp.lines.skipped";

    /** BGP-4 MIB (RFC 4273) {@code bgpPeerState} numbers: idle(1) .. established(6). */
    static int stateNumber(String state) {
        return switch (state == null ? "" : state) {
            case "Idle" -> 1;
            case "Connect" -> 2;
            case "Active" -> 3;
            case "OpenSent" -> 4;
            case "OpenConfirm" -> 5;
            case "Established" -> 6;
            default -> 0;
        };
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final AtomicReference<AgentStatus> last = new AtomicReference<>();
    private final Map<String, PeerMeters> peers = new HashMap<>();
    private final Map<String, List<Meter>> pools = new HashMap<>();
    private final Timer reconcile;
    private final Counter reconcileErrors;
    private final Timer policyApply;

    /** The meters of one session, reading its latest status. */
    private static final class PeerMeters {
        volatile PeeringStatus status;
        final List<Meter> meters = new ArrayList<>();
    }

    public AgentMetrics(String node, String version, Clock clock) {
        this.clock = clock;
        Gauge.builder(AGENT_INFO, () -> 1).description("the agent's version and node").tags("version", version, "node", node)
                .register(registry);
        Gauge.builder(EXABGP_RUNNING, last, r -> r.get() != null && r.get().exabgp() != null
                        && r.get().exabgp().process() == ExabgpProcess.State.RUNNING ? 1 : 0)
                .description("1 while the ExaBGP bridge's process runs").register(registry);
        Gauge.builder(EXABGP_RESTARTS, last, r -> r.get() == null || r.get().exabgp() == null ? 0 : r.get().exabgp().restarts())
                .description("times ExaBGP was restarted after it died").register(registry);
        Gauge.builder(EXABGP_LINES_SKIPPED, last, r -> r.get() == null || r.get().exabgp() == null ? 0
                        : r.get().exabgp().linesSkipped())
                .description("lines from ExaBGP that were not events the bridge understands").register(registry);
        Gauge.builder(AGENT_READY, last, r -> r.get() != null && r.get().readiness().ok() ? 1 : 0)
                .description("1 when /readyz answers 200").register(registry);
        for (RouteKind k : RouteKind.values()) {
            Gauge.builder(ROUTES_PROGRAMMED, last, r -> r.get() == null ? 0 : r.get().routes().programmed().getOrDefault(k, 0))
                    .description("routes in the kernel, by kind").tag("kind", k.label()).register(registry);
        }
        Gauge.builder(ROUTES_NOT_INSTALLED, last, r -> r.get() == null ? 0 : r.get().routes().notInstalled())
                .description("wanted routes the kernel does not have").register(registry);
        for (String tunnel : List.of("ipip", "vxlan")) {
            Gauge.builder(TUNNEL_UNSUPPORTED, last, r -> r.get() != null && r.get().routes().unsupported(tunnel) ? 1 : 0)
                    .description("1 when a pool wants this tunnel and the kernel cannot make it (routes needing it are not installed)")
                    .tag("tunnel", tunnel).register(registry);
        }
        reconcile = Timer.builder(RECONCILE_DURATION).description("time of one comparison of kernel routes with the wanted ones")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        reconcileErrors = Counter.builder(RECONCILE_ERRORS).description("route reconciles that failed").register(registry);
        policyApply = Timer.builder(POLICY_APPLY_DURATION).description("time of one iptables-restore of Muslin's chains")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        Gauge.builder(POLICY_RULES, last, r -> r.get() == null ? 0 : r.get().policy().rules())
                .description("iptables rules Muslin owns").register(registry);
        Gauge.builder(POLICY_IPSETS, last, r -> r.get() == null ? 0 : r.get().policy().ipsets())
                .description("ipsets Muslin owns").register(registry);
        Gauge.builder(DATASTORE_UP, last, r -> r.get() != null && r.get().datastore().connected() ? 1 : 0)
                .description("1 when the datastore answered the last operation").register(registry);
        Gauge.builder(DATASTORE_LAG, last, r -> r.get() == null ? 0 : r.get().datastore().watchLagRevisions())
                .description("store revisions not yet processed by the agent's watches").register(registry);
        FunctionCounter.builder(DATASTORE_RECONNECTS, last, r -> r.get() == null ? 0 : r.get().datastore().reconnects())
                .description("times the datastore connection came back after being lost").register(registry);
    }

    /** The registry, for parts that register their own meters (policy sync, IPAM maintenance). */
    public MeterRegistry registry() {
        return registry;
    }

    /** One route reconcile took {@code d}; {@code failed} when it ended in an error. */
    public void reconciled(Duration d, boolean failed) {
        reconcile.record(d);
        if (failed) {
            reconcileErrors.increment();
        }
    }

    /** One policy apply took {@code d}. */
    public void policyApplied(Duration d) {
        policyApply.record(d);
    }

    /** A NOTIFICATION was sent to ({@code sent}) or received from a peer, with its error code and subcode (RFC 4271 4.5). */
    public void notification(boolean sent, String peer, int code, int subcode) {
        Counter.builder(sent ? NOTIFICATIONS_SENT : NOTIFICATIONS_RECEIVED)
                .description("BGP NOTIFICATION messages " + (sent ? "sent" : "received") + ", by error code and subcode")
                .tags("peer", peer, "code", Integer.toString(code), "subcode", Integer.toString(subcode))
                .register(registry).increment();
    }

    /** Installs {@code status} as what the gauges read, then renders every meter in the Prometheus text format. */
    public synchronized String scrape(AgentStatus status) {
        last.set(status);
        syncPeers(status.peers());
        syncPools(status.blocks());
        return registry.scrape();
    }

    private void syncPeers(List<PeeringStatus> current) {
        Set<String> seen = new HashSet<>();
        for (PeeringStatus p : current) {
            // With BFD turned on or off the peer's meters are made again, with or without the BFD ones.
            String key = p.address() + "|" + p.type() + (p.bfd() == null ? "" : "|bfd");
            seen.add(key);
            PeerMeters m = peers.get(key);
            if (m == null) {
                m = register(p);
                peers.put(key, m);
            }
            m.status = p;
        }
        peers.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters.forEach(registry::remove);
            return true;
        });
    }

    private PeerMeters register(PeeringStatus p) {
        PeerMeters m = new PeerMeters();
        m.status = p;
        Tags tags = Tags.of("peer", p.address(), "type", p.type());
        m.meters.add(Gauge.builder(SESSION_STATE, m, x -> stateNumber(x.status.state())).tags(tags)
                .description("session state, RFC 4273 numbering: 1 idle .. 6 established").register(registry));
        m.meters.add(Gauge.builder(SESSION_UPTIME, m, x -> x.status.established() && x.status.session().establishedSince() != null
                        ? Duration.between(x.status.session().establishedSince(), clock.instant()).toMillis() / 1000.0 : 0)
                .tags(tags).description("seconds since the session became Established; 0 when it is not").register(registry));
        m.meters.add(Gauge.builder(PREFIXES_RECEIVED, m, x -> x.status.prefixesReceived()).tags(tags)
                .description("prefixes received from the peer").register(registry));
        m.meters.add(Gauge.builder(PREFIXES_ACCEPTED, m, x -> x.status.prefixesAccepted()).tags(tags)
                .description("prefixes from the peer accepted by import policy").register(registry));
        m.meters.add(Gauge.builder(PREFIXES_ADVERTISED, m, x -> x.status.prefixesAdvertised()).tags(tags)
                .description("prefixes advertised to the peer").register(registry));
        m.meters.add(FunctionCounter.builder(UPDATES_RECEIVED, m, x -> x.status.updatesReceived()).tags(tags)
                .description("UPDATE messages received").register(registry));
        m.meters.add(FunctionCounter.builder(UPDATES_SENT, m, x -> x.status.updatesSent()).tags(tags)
                .description("UPDATE messages sent").register(registry));
        if (p.bfd() != null) {
            m.meters.add(Gauge.builder(BFD_STATE, m, x -> bfdStateNumber(x.status.bfd())).tags(tags)
                    .description("BFD session state, RFC 5880 numbering: 0 admin-down, 1 down, 2 init, 3 up").register(registry));
            m.meters.add(FunctionCounter.builder(BFD_PACKETS_RECEIVED, m, x -> x.status.bfd() == null ? 0 : x.status.bfd().packetsIn())
                    .tags(tags).description("BFD control packets received").register(registry));
            m.meters.add(FunctionCounter.builder(BFD_PACKETS_SENT, m, x -> x.status.bfd() == null ? 0 : x.status.bfd().packetsOut())
                    .tags(tags).description("BFD control packets sent").register(registry));
            m.meters.add(FunctionCounter.builder(BFD_STATE_CHANGES, m,
                            x -> x.status.bfd() == null ? 0 : x.status.bfd().stateChanges())
                    .tags(tags).description("BFD session state changes").register(registry));
        }
        return m;
    }

    private static double bfdStateNumber(BfdView b) {
        if (b == null) {
            return 1;
        }
        return switch (b.state()) {
            case "admin-down" -> 0;
            case "init" -> 2;
            case "up" -> 3;
            default -> 1;
        };
    }

    private void syncPools(List<BlockStatus> blocks) {
        Map<String, int[]> perPool = new HashMap<>();
        for (BlockStatus b : blocks) {
            int[] v = perPool.computeIfAbsent(b.pool() == null ? "" : b.pool(), k -> new int[2]);
            v[0]++;
            v[1] += b.addressesInUse();
        }
        pools.entrySet().removeIf(e -> {
            if (perPool.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (String pool : perPool.keySet()) {
            pools.computeIfAbsent(pool, p -> List.of(
                    Gauge.builder(IPAM_BLOCKS, last, r -> count(r.get(), p, false)).tag("pool", p)
                            .description("this node's IPAM blocks, by pool").register(registry),
                    Gauge.builder(IPAM_ADDRESSES, last, r -> count(r.get(), p, true)).tag("pool", p)
                            .description("addresses assigned in this node's blocks, by pool").register(registry)));
        }
    }

    private static double count(AgentStatus s, String pool, boolean addresses) {
        if (s == null) {
            return 0;
        }
        return s.blocks().stream().filter(b -> pool.equals(b.pool() == null ? "" : b.pool()))
                .mapToInt(b -> addresses ? b.addressesInUse() : 1).sum();
    }
}
