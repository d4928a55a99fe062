package io.muslin.datastore.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.DatastoreUnavailableException;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.testing.EtcdFixture;
import io.muslin.testing.EtcdProcess;
import io.muslin.testing.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An informer against a real etcd that goes away: stopped, killed (SIGKILL), cut off by a network
 * partition while its history is compacted, and down before the informer even starts.
 */
class EtcdInformerResilienceTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    final EtcdFixture fixture = EtcdFixture.onTmpfs();
    EtcdProcess etcd;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        etcd = fixture.process();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private EtcdDatastore connect(String endpoint) {
        return closeLater(EtcdDatastore.connect(EtcdConfig.of(endpoint).withRequestTimeout(Duration.ofSeconds(1))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))));
    }

    private Informer<IPPool> informer(ResourceStore rs, InformerListener<IPPool> l) {
        return closeLater(Informer.start(rs, IPPool.class, l, InformerOptions.defaults()
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(500)).withProgressInterval(Duration.ofMillis(200))));
    }

    /** Creates the pool once whatever etcd does meanwhile; returns the revision it was created at. */
    private static long createExactlyOnce(ResourceStore rs, IPPool p) throws InterruptedException {
        while (true) {
            try {
                return rs.create(p).revision();
            } catch (AlreadyExistsException e) {
                return rs.get(IPPool.class, p.metadata().name()).orElseThrow().revision(); // an ambiguous attempt did commit
            } catch (DatastoreUnavailableException e) {
                Thread.sleep(50);
            }
        }
    }

    @Test
    void etcdStoppedAndKilledDuringTheWatch() throws Exception {
        ResourceStore rs = new ResourceStore(connect(etcd.endpoint()));
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = informer(rs, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            if (i == 30 || i == 60) {
                int seen = i;
                l.await("the informer caught up before the outage", WAIT, () -> l.allEvents().size() >= seen);
            }
            if (i == 30) {
                etcd.restart();
            } else if (i == 60) {
                etcd.kill();
                etcd.startAgain();
            }
            String name = String.format("p%03d", i);
            expected.add("Added " + name + "@" + createExactlyOnce(rs, IPPool.of(name, "10." + i + ".0.0/16", 26)));
        }
        l.await("every pool delivered", WAIT, () -> l.allEvents().size() >= 90);
        assertThat(l.calls.getFirst()).as("an empty first list is no batch").startsWith("synced@");
        assertThat(l.allEvents()).extracting(InformerContractTest::describe).containsExactlyElementsOf(expected);
        assertThat(l.connection.stream().filter(s -> s.startsWith("down")).count()).as("%s", l.connection)
                .isGreaterThanOrEqualTo(2);
        assertThat(l.connection.getLast()).startsWith("up");
        InformerStats s = inf.stats();
        assertThat(s.reconnects()).isGreaterThanOrEqualTo(2);
        assertThat(s.relists()).isZero();
        assertThat(s.connected()).isTrue();
        assertThat(inf.snapshot().items().values()).containsExactlyElementsOf(rs.list(IPPool.class).items());
    }

    @Test
    void cutOffWhileItsHistoryIsCompactedThenListsAgain() throws Exception {
        TcpProxy proxy = closeLater(TcpProxy.toLoopbackPort(etcd.clientPort()));
        ResourceStore admin = new ResourceStore(closeLater(EtcdDatastore.connect(EtcdConfig.of(etcd.endpoint()))));
        ResourceStore viaProxy = new ResourceStore(connect(proxy.url("http")));
        Stored<IPPool> a = admin.create(IPPool.of("a", "10.1.0.0/16", 26));
        Stored<IPPool> b = admin.create(IPPool.of("b", "10.2.0.0/16", 26));
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = informer(viaProxy, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();

        proxy.cut();
        l.await("the partition reported", WAIT, () -> !inf.stats().connected());
        Stored<IPPool> a2 = admin.update(a.resource().withDisabled(true), a.revision());
        admin.delete(IPPool.class, null, "b", b.revision());
        long deleted = admin.datastore().revision();
        Stored<IPPool> c = admin.create(IPPool.of("c", "10.3.0.0/16", 26));
        etcd.compact(c.revision());
        assertThat(inf.snapshot().get("b")).as("served while cut off").isPresent();
        proxy.restore();

        l.await("the re-list", WAIT, () -> inf.stats().relists() == 1 && l.batches.size() == 2);
        assertThat(l.batches.get(1).events()).extracting(InformerContractTest::describe).containsExactly(
                "Modified a@" + a2.revision() + " prev@" + a.revision(),
                "Deleted b@" + l.batches.get(1).revision() + " prev@" + b.revision(),
                "Added c@" + c.revision());
        assertThat(l.batches.get(1).revision()).isGreaterThanOrEqualTo(c.revision()).isGreaterThan(deleted);
        l.await("connected again", WAIT, () -> inf.stats().connected());
        assertThat(inf.stats().reconnects()).isGreaterThanOrEqualTo(1);
        Stored<IPPool> d = admin.create(IPPool.of("d", "10.4.0.0/16", 26));
        l.await("the watch after the re-list", WAIT, () -> l.batches.size() == 3);
        assertThat(l.batches.getLast().events()).extracting(InformerContractTest::describe).containsExactly("Added d@" + d.revision());
    }

    @Test
    void startedWhileEtcdIsDown() throws Exception {
        ResourceStore rs = new ResourceStore(connect(etcd.endpoint()));
        rs.create(IPPool.of("a", "10.1.0.0/16", 26));
        etcd.stop();
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = informer(rs, l);
        l.await("the outage reported", WAIT, () -> !l.connection.isEmpty());
        assertThat(l.connection.getFirst()).startsWith("down: cannot list ").contains("etcd unavailable at");
        assertThat(inf.synced()).isFalse();
        assertThat(inf.stats().connected()).isFalse();
        etcd.startAgain();
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        assertThat(l.calls).containsSubsequence("down", "up", "events@" + inf.snapshot().revision(), "synced@" + inf.snapshot().revision());
        assertThat(inf.snapshot().items().keySet()).containsExactly("a");
        assertThat(inf.stats().reconnects()).isEqualTo(1);
    }

    @Test
    void aQuietWatchReportsEtcdBackWithoutAnyWrite() throws Exception {
        ResourceStore rs = new ResourceStore(connect(etcd.endpoint()));
        RecordingListener<IPPool> l = new RecordingListener<>();
        Informer<IPPool> inf = informer(rs, l);
        assertThat(inf.awaitSynced(WAIT)).isTrue();
        etcd.stop();
        io.muslin.testing.Await.until(WAIT, "the outage reported", () -> !inf.stats().connected());
        etcd.startAgain();
        // Nothing is written: the progress request made while disconnected is what brings the answer.
        io.muslin.testing.Await.until(WAIT, "the return reported", () -> inf.stats().connected());
        assertThat(l.connection).hasSize(2);
        assertThat(l.connection.get(0)).startsWith("down: ");
        assertThat(l.connection.get(1)).startsWith("up: ");
        assertThat(l.batches).isEmpty();
    }
}
