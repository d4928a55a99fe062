package io.muslin.agent;

import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.http.AgentHttpServer;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.agent.status.AgentStatusService;
import io.muslin.agent.status.Heartbeat;
import io.muslin.agent.status.RecentErrors;
import io.muslin.agent.status.StatusSources;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: the datastore connection and its monitor, the status service, the metrics and
 * the HTTP API. The BGP speaker, the route programmer and the policy dataplane plug into the
 * {@link StatusSources} once they run here; until then the agent reports no sessions and no routes,
 * and {@code /readyz} says so.
 */
public final class AgentDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentDaemon.class);
    static final Duration DATASTORE_CHECK = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();
    private final RecentErrors errors = new RecentErrors(20, clock);
    private Datastore datastore;
    private DatastoreMonitor monitor;
    private AgentHttpServer http;
    private int httpPort;

    public AgentDaemon(AgentConfig config) {
        this.config = config;
    }

    /** Opens the datastore, starts the monitor and the HTTP API; returns the HTTP port. */
    public int start() throws Exception {
        datastore = switch (config.datastore()) {
            case AgentConfig.EtcdStore e -> EtcdDatastore.connect(e.etcd());
            case AgentConfig.FileStore f -> FileDatastore.open(f.directory());
        };
        Heartbeat beat = new Heartbeat("datastore monitor", DATASTORE_CHECK.multipliedBy(6), clock);
        monitor = new DatastoreMonitor(datastore, clock, errors, beat);
        monitor.start(DATASTORE_CHECK);
        StatusSources sources = StatusSources.withoutDataplane(config.policy().enabled(), config.policy().iptablesBackend().text(),
                monitor::status);
        AgentStatusService status = new AgentStatusService(config.nodeName(), Version.current(), clock, sources, errors);
        status.watch(beat);
        http = new AgentHttpServer(status, new AgentMetrics(config.nodeName(), Version.current(), clock));
        httpPort = http.start(config.http().address(), config.http().port());
        log.info("muslin agent {} on node {}: datastore {}, node address {} / {}", Version.current(), config.nodeName(),
                config.datastore().describe(), config.nodeAddress().ipv4(), config.nodeAddress().ipv6());
        return httpPort;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (datastore != null) {
            datastore.close();
        }
        log.info("muslin agent stopped");
    }
}
