package io.muslin.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.status.DatastoreStatus;
import io.muslin.agent.status.Heartbeat;
import io.muslin.agent.status.RecentErrors;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.file.FileDatastore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The monitor's view of a store that goes away and comes back (an in-memory store behind a switch). */
class DatastoreMonitorTest {
    private final AtomicBoolean down = new AtomicBoolean();
    private final FileDatastore real = FileDatastore.inMemory();
    private final Datastore store = (Datastore) Proxy.newProxyInstance(Datastore.class.getClassLoader(), new Class<?>[] {Datastore.class},
            (proxy, method, args) -> {
                if (down.get() && method.getName().equals("revision")) {
                    throw new DatastoreUnavailableException("etcd unavailable: connection refused", false, null);
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    @Test
    void reportsConnectedLostAndReconnectedWithTheReasonAndCountsReconnects() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        RecentErrors errors = new RecentErrors(5, clock);
        DatastoreMonitor m = new DatastoreMonitor(store, clock, errors, new Heartbeat("monitor", java.time.Duration.ofSeconds(30), clock));
        assertThat(m.status().connected()).isFalse();
        assertThat(m.status().lastError()).isEqualTo("not checked yet");

        real.put("/k", new byte[] {1});
        m.check();
        DatastoreStatus s = m.status();
        assertThat(s.connected()).isTrue();
        assertThat(s.revision()).isEqualTo(1);
        assertThat(s.reconnects()).isZero();
        assertThat(s.lastError()).isNull();

        down.set(true);
        m.check();
        m.check();
        s = m.status();
        assertThat(s.connected()).isFalse();
        assertThat(s.revision()).as("the last revision seen is kept").isEqualTo(1);
        assertThat(s.lastError()).isEqualTo("etcd unavailable: connection refused");
        assertThat(errors.snapshot()).as("an outage is recorded once, not per check").hasSize(1);
        assertThat(errors.snapshot().getFirst().component()).isEqualTo("datastore");

        down.set(false);
        real.put("/k", new byte[] {2});
        m.check();
        s = m.status();
        assertThat(s.connected()).isTrue();
        assertThat(s.revision()).isEqualTo(2);
        assertThat(s.reconnects()).isEqualTo(1);
        m.close();
    }

    @Test
    void recentErrorsKeepTheNewestOnes() {
        RecentErrors errors = new RecentErrors(2, Clock.systemUTC());
        errors.add("bgp", "one");
        errors.add("routes", "two");
        errors.add("ipam", "three");
        assertThat(errors.snapshot()).extracting(e -> e.message()).containsExactly("two", "three");
    }
}
