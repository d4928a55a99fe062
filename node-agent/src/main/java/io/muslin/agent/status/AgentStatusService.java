package io.muslin.agent.status;

import io.muslin.exabgp.BridgeStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Assembles {@link AgentStatus} from the {@link StatusSources}, and answers liveness and readiness. */
public final class AgentStatusService {
    private final String node;
    private final String version;
    private final Instant startedAt;
    private final StatusSources sources;
    private final RecentErrors errors;
    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private volatile Supplier<BridgeStatus> exabgp = () -> null;

    public AgentStatusService(String node, String version, Clock clock, StatusSources sources, RecentErrors errors) {
        this.node = node;
        this.version = version;
        this.startedAt = clock.instant();
        this.sources = sources;
        this.errors = errors;
    }

    /** Where {@code /status} reads the ExaBGP bridge's state from (null: not in use). */
    public void exabgp(Supplier<BridgeStatus> source) {
        this.exabgp = source;
    }

    public void watch(Heartbeat h) {
        heartbeats.add(h);
    }

    public String node() {
        return node;
    }

    public String version() {
        return version;
    }

    public AgentStatus status() {
        DatastoreStatus ds = sources.datastore().get();
        List<PeeringStatus> peers = sources.peers().get();
        RouteSummary routes = sources.routes().get();
        return new AgentStatus(node, version, startedAt, Readiness.evaluate(ds, peers, routes), ds, peers, routes,
                sources.blocks().get(), sources.policy().get(), errors.snapshot(), exabgp.get());
    }

    public List<RouteEntry> routes() {
        return sources.routeList().get();
    }

    public Check readiness() {
        return Readiness.evaluate(sources.datastore().get(), sources.peers().get(), sources.routes().get());
    }

    /** Alive unless a watched part has fallen silent. */
    public Check liveness() {
        for (Heartbeat h : heartbeats) {
            String s = h.silence();
            if (s != null) {
                return Check.failed(s);
            }
        }
        return Check.passed("ok");
    }
}
