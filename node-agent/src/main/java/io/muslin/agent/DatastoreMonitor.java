package io.muslin.agent;

import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.Heartbeat;
import io.muslin.agent.status.RecentErrors;
import io.muslin.datastore.Datastore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the datastore for its revision every {@code interval} on a thread of its own and keeps the
 * answer as a {@link DatastoreStatus}: connected or not since when, the revision, how often the
 * connection came back. A change of state is logged once and recorded in the recent errors.
 */
public final class DatastoreMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatastoreMonitor.class);
    private final Datastore store;
    private final Clock clock;
    private final RecentErrors errors;
    private final Heartbeat heartbeat;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("muslin-datastore-monitor").factory());
    private volatile DatastoreStatus status;
    private boolean everConnected;

    public DatastoreMonitor(Datastore store, Clock clock, RecentErrors errors, Heartbeat heartbeat) {
        this.store = store;
        this.clock = clock;
        this.errors = errors;
        this.heartbeat = heartbeat;
        this.status = new DatastoreStatus(store.describe(), false, null, 0, 0, 0, "not checked yet");
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public DatastoreStatus status() {
        return status;
    }

    /** One check (the timer's work; tests call it directly). */
    public void check() {
        DatastoreStatus before = status;
        Instant now = clock.instant();
        try {
            long revision = store.revision();
            boolean reconnected = !before.connected() && everConnected;
            everConnected = true;
            if (!before.connected()) {
                log.info("datastore {} reachable at revision {}", store.describe(), revision);
            }
            status = new DatastoreStatus(store.describe(), true, before.connected() ? before.since() : now, revision, 0,
                    before.reconnects() + (reconnected ? 1 : 0), null);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (before.connected() || before.since() == null) {
                log.warn("datastore {} not reachable: {}", store.describe(), why);
                errors.add("datastore", why);
            }
            status = new DatastoreStatus(store.describe(), false, before.connected() || before.since() == null ? now : before.since(),
                    before.revision(), 0, before.reconnects(), why);
        } finally {
            heartbeat.beat();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
