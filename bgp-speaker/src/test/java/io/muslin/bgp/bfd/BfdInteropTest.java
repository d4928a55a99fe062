package io.muslin.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.BfdSpec;
import io.muslin.net.IpAddress;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Muslin's BFD against a real daemon: namespace M (this JVM's sockets) and P (the daemon), one
 * veth, 10.78.0.2 and 10.78.0.1. Timer changes on either side must not flap the session; traffic
 * cut by iptables in P must bring it Down by the detection timer.
 */
abstract class BfdInteropTest {
    static final String M4 = "10.78.0.2";
    static final String P4 = "10.78.0.1";
    private static final Duration UP_WITHIN = Duration.ofSeconds(15);

    record Event(long atNanos, BfdState from, BfdState to, Diagnostic diag) {
    }

    @TempDir
    Path dir;
    Netns m;
    Netns p;
    BfdDaemon daemon;
    BfdEndpoint endpoint;
    final List<Event> events = new CopyOnWriteArrayList<>();

    abstract BfdDaemon newDaemon();

    @BeforeEach
    void topology() {
        Prerequisites.require(Netns.unavailableReason());
        Prerequisites.require(BfdEndpoint.unavailableReason());
        daemon = newDaemon();
        Prerequisites.require(daemon.unavailableReason());
        String tag = daemon.name() + Long.toHexString(System.nanoTime() & 0xFFFF);
        m = Netns.create("mbfd-" + tag + "-m");
        p = Netns.create("mbfd-" + tag + "-p");
        Netns.link(m, "eth0", List.of(M4 + "/24"), p, "eth0", List.of(P4 + "/24"));
    }

    @AfterEach
    void teardown() throws Exception {
        for (Runnable step : new Runnable[] {() -> {
            if (endpoint != null) {
                endpoint.close();
            }
        }, () -> {
            if (daemon != null) {
                daemon.close();
            }
        }, () -> m.close(), () -> p.close()}) {
            try {
                step.run();
            } catch (RuntimeException e) {
                System.err.println("teardown step failed: " + e);
            }
        }
        System.out.println("---- bfd events\n" + events);
        for (String f : new String[] {"bird.log", "frr.log"}) {
            Path log = dir.resolve(f);
            if (java.nio.file.Files.exists(log)) {
                System.out.println("---- " + f + "\n" + java.nio.file.Files.readString(log));
            }
        }
    }

    private void startMuslin(BfdSpec spec) {
        endpoint = new BfdEndpoint(m.executor());
        endpoint.add(IpAddress.parse(P4), IpAddress.parse(M4), spec,
                (peer, from, to, diag, admin) -> events.add(new Event(System.nanoTime(), from, to, diag)));
    }

    private BfdStatus status() {
        return endpoint.status(IpAddress.parse(P4)).orElseThrow();
    }

    private void awaitUp() {
        Await.until(UP_WITHIN, "BFD Up on both sides",
                () -> status().state() == BfdState.UP && daemon.state().equals("up"));
    }

    @Test
    void comesUpSurvivesTimerChangesOnEitherSideAndGoesDownWhenCut() throws Exception {
        daemon.start(p, dir, P4, M4, false, 300, 300, 3);
        startMuslin(BfdSpec.defaults());
        awaitUp();
        long changes = status().stateChanges();

        // Our side: faster receive, slower transmit; a Poll Sequence, no flap.
        endpoint.update(IpAddress.parse(P4), BfdSpec.defaults().withIntervals(200, 500));
        Await.until(Duration.ofSeconds(10), "the daemon's interval towards us follows our 200 ms",
                () -> status().detectTimeMs() == 3 * 300);
        // The daemon's side: slower both ways and multiplier 5.
        daemon.setTimers(600, 600, 5);
        Await.until(Duration.ofSeconds(10), "detection time 5 x max(our rx 200, its tx 600)",
                () -> status().detectTimeMs() == 3000);
        Await.until(Duration.ofSeconds(10), "our transmit interval max(our tx 500, its rx 600)",
                () -> status().txIntervalMs() == 600);
        Thread.sleep(2000);
        assertThat(status().state()).isEqualTo(BfdState.UP);
        assertThat(status().stateChanges()).as("no flap through either change").isEqualTo(changes);
        assertThat(daemon.state()).isEqualTo("up");

        daemon.setTimers(300, 300, 3);
        Await.until(Duration.ofSeconds(10), "detection time back to 3 x 300", () -> status().detectTimeMs() == 900);
        long cutAt = System.nanoTime();
        p.exec("iptables", "-A", "INPUT", "-p", "udp", "--dport", "3784", "-j", "DROP");
        p.exec("iptables", "-A", "OUTPUT", "-p", "udp", "--dport", "3784", "-j", "DROP");
        Await.until(Duration.ofSeconds(10), "Down after the cut", () -> status().state() == BfdState.DOWN);
        Event down = events.stream().filter(e -> e.to() == BfdState.DOWN).findFirst().orElseThrow();
        assertThat(down.from()).isEqualTo(BfdState.UP);
        assertThat(down.diag()).isEqualTo(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
        System.out.printf("bfd %s: Down %.0f ms after the cut (detection time 900 ms)%n", daemon.name(),
                (down.atNanos() - cutAt) / 1e6);

        p.exec("iptables", "-F");
        awaitUp();
    }

    @Test
    void multihopComesUpAndGoesDownWhenCut() throws Exception {
        daemon.start(p, dir, P4, M4, true, 300, 300, 3);
        startMuslin(BfdSpec.defaults().withMultihop(true));
        awaitUp();
        p.exec("iptables", "-A", "INPUT", "-p", "udp", "--dport", "4784", "-j", "DROP");
        p.exec("iptables", "-A", "OUTPUT", "-p", "udp", "--dport", "4784", "-j", "DROP");
        Await.until(Duration.ofSeconds(10), "Down after the cut", () -> status().state() == BfdState.DOWN);
        assertThat(status().localDiag()).isEqualTo(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
        p.exec("iptables", "-F");
        awaitUp();
    }
}
