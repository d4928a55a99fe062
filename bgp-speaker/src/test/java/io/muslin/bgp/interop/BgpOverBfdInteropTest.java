package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.speaker.NotificationCode;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.Notification;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BGP with BFD to a real BIRD (iBGP-free eBGP, hold time 90 s, graceful restart offered by both):
 * when everything between the two is dropped silently, BFD ends both sessions (v4 and v6) with
 * reason bfd-down long before the hold time, and the peer's routes leave the RIB and the Loc-RIB
 * listener at once rather than being kept stale. How fast is measured by bench/bfd, not here.
 */
class BgpOverBfdInteropTest extends InteropTopology {
    static final String BIRD_BFD = "protocol bfd { interface \"*\" { min rx interval 300 ms; min tx interval 300 ms; "
            + "multiplier 3; }; }\n";

    @Override
    PeerDaemon newDaemon() {
        return new Bird("  bfd on; graceful restart on;\n", BIRD_BFD);
    }

    @Override
    String namespacePrefix() {
        return "mbgpbfd-";
    }

    @Test
    void bfdDownEndsTheSessionsWithBfdDownAndWithdrawsTheRoutesAtOnce() throws Exception {
        startDaemon(65001, 64512, null, 90);
        DesiredState state = muslinState(64512, 65001, null, 90, p -> p.withBfd(BfdSpec.defaults()));
        GracefulRestartInteropTest.LocRibLog locRib = new GracefulRestartInteropTest.LocRibLog();
        muslin = new Speaker(state, 2, m.executor());
        muslin.addSessionListener(new EventLog(events));
        muslin.subscribe(locRib);
        muslin.start();
        awaitEstablished();
        Interop.waitFor("BFD Up with both of BIRD's addresses",
                () -> bfdState(P4) == BfdState.UP && bfdState(P6) == BfdState.UP);
        Interop.waitFor("BIRD's routes in the RIB", () -> received(P4).size() == PEER4.size() && received(P6).size() == PEER6.size());
        assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().gracefulRestart())
                .isEqualTo(PeerStatus.GracefulRestartState.ENABLED);

        for (String tables : new String[] {"iptables", "ip6tables"}) {
            p.exec(tables, "-A", "INPUT", "-j", "DROP");
            p.exec(tables, "-A", "OUTPUT", "-j", "DROP");
        }
        Interop.waitFor(Duration.ofSeconds(20), "both sessions down",
                () -> peer(P4).state() != SessionState.ESTABLISHED && peer(P6).state() != SessionState.ESTABLISHED);
        for (String a : List.of(P4, P6)) {
            PeerStatus st = muslin.peerStatus(IpAddress.parse(a)).orElseThrow();
            assertThat(st.lastDownReason()).isEqualTo("bfd-down");
            assertThat(st.bfd().state()).isEqualTo(BfdState.DOWN);
            assertThat(st.notificationsSent()).containsKey(new NotificationCode(Notification.CEASE, Notification.BFD_DOWN));
            assertThat(st.gracefulRestart()).as("routes not kept stale").isNotEqualTo(PeerStatus.GracefulRestartState.PEER_RESTARTING);
            assertThat(st.stateSince()).isNotNull();
        }
        assertThat(events).anyMatch(e -> e.contains(P4) && e.endsWith("(bfd-down)"));
        Interop.waitFor("BIRD's routes withdrawn from the RIB", () -> received(P4).isEmpty() && received(P6).isEmpty());
        for (String prefix : concat(PEER4, PEER6)) {
            assertThat(locRib.firstRemoval(prefix)).as("the Loc-RIB listener was told %s is gone", prefix).isNotNegative();
        }
    }

    /**
     * BIRD crashes: the TCP connection closes, so BIRD is restarting gracefully and its routes are
     * kept stale; then its BFD, which died with it (C bit clear), goes Down too. That Down is what
     * a restart looks like, so the stale routes stay (RFC 5882 §4.3.2).
     */
    @Test
    void aBfdDownWhileThePeerRestartsGracefullyWithTheCBitClearKeepsTheStaleRoutes() throws Exception {
        startDaemon(65001, 64512, null, 90);
        muslin = new Speaker(muslinState(64512, 65001, null, 90, p -> p.withBfd(BfdSpec.defaults())), 2, m.executor());
        muslin.addSessionListener(new EventLog(events));
        muslin.start();
        awaitEstablished();
        Interop.waitFor("BFD Up", () -> bfdState(P4) == BfdState.UP);
        Interop.waitFor("BIRD's routes in the RIB", () -> received(P4).size() == PEER4.size());
        assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().bfd().remoteControlIndependent())
                .as("BIRD's BFD shares fate with its control plane").isFalse();

        daemon.process().destroyForcibly();
        Interop.waitFor("BFD Down after BIRD died", () -> bfdState(P4) == BfdState.DOWN);
        PeerStatus st = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow();
        assertThat(st.gracefulRestart()).isEqualTo(PeerStatus.GracefulRestartState.PEER_RESTARTING);
        assertThat(st.lastDownReason()).isNotEqualTo("bfd-down");
        Thread.sleep(500);
        assertThat(received(P4)).as("stale routes kept through the BFD Down").hasSize(PEER4.size());
    }

    private BfdState bfdState(String address) {
        PeerStatus st = muslin.peerStatus(IpAddress.parse(address)).orElseThrow();
        return st.bfd() == null ? null : st.bfd().state();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
