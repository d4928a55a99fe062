package io.muslin.bgp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.BfdSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RFC 5880 state machine and timers on a fake clock; expected values worked out from the RFC's formulas. */
class BfdSessionTest {
    private static final BfdSpec DEFAULT = BfdSpec.defaults();

    @Test
    void comesUpThroughTheThreeWayHandshakeAndExchangesDiscriminators() {
        Wire w = new Wire(DEFAULT, DEFAULT);
        w.runFor(10);
        assertThat(w.a.state()).isEqualTo(BfdState.UP);
        assertThat(w.b.state()).isEqualTo(BfdState.UP);
        // Both sent Down at once, so each went Down -> Init on the other's Down, then Init -> Up.
        assertThat(w.changes).extracting(c -> c.who() + ":" + c.from().label() + ">" + c.to().label())
                .containsExactlyInAnyOrder("a:down>init", "a:init>up", "b:down>init", "b:init>up");
        BfdPacket first = w.sent.getFirst().packet();
        assertThat(first.state()).isEqualTo(BfdState.DOWN);
        assertThat(first.yourDiscriminator()).isZero();
        assertThat(first.desiredMinTxUs()).as("DesiredMinTx while not Up is at least 1 s (6.8.3)").isEqualTo(1_000_000);
        assertThat(first.requiredMinRxUs()).isEqualTo(300_000);
        assertThat(first.detectMult()).isEqualTo(3);
        assertThat(w.sentBy("a", 0).getLast().packet().yourDiscriminator()).isEqualTo(0x2222);
        assertThat(w.a.status().remoteDiscriminator()).isEqualTo(0x2222);
        assertThat(w.a.status().localDiag()).isEqualTo(Diagnostic.NONE);
    }

    @Test
    void goingUpRunsAPollSequenceForTheFasterRateAndThenSendsWithinTheJitterBounds() {
        Wire w = new Wire(DEFAULT, DEFAULT);
        w.runFor(10_000);
        List<Wire.Sent> fromA = w.sentBy("a", 0);
        int poll = indexOf(fromA, s -> s.packet().poll() && s.packet().desiredMinTxUs() == 300_000);
        assertThat(poll).as("a polls with its Up rate").isNotNegative();
        assertThat(w.sentBy("b", 0)).anyMatch(s -> s.packet().fin());
        assertThat(fromA.subList(poll + 1, fromA.size())).noneMatch(s -> s.packet().poll());
        List<Long> gaps = gaps(w.sentBy("a", 1000));
        assertThat(gaps).hasSizeGreaterThan(25);
        // 300 ms less 0..25 % (6.8.7); the fake clock has millisecond resolution here.
        assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(224L, 300L));
        assertThat(w.changes).noneMatch(c -> c.from() == BfdState.UP);
    }

    @Test
    void jitterWithMultiplierOneIsTenToTwentyFivePercent() {
        Wire w = new Wire(DEFAULT.withMultiplier(1), DEFAULT.withMultiplier(10));
        w.runFor(20_000);
        List<Long> gaps = gaps(w.sentBy("a", 2000));
        assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(224L, 270L));
        assertThat(gaps.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(250L);
        BfdSession s = new BfdSession(7, DEFAULT.withMultiplier(1), new FakeClock(), new Random(1), null);
        for (int i = 0; i < 10_000; i++) {
            assertThat(s.jittered(1_000_000)).isBetween(750_000L, 900_000L);
        }
        BfdSession three = new BfdSession(7, DEFAULT, new FakeClock(), new Random(1), null);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long j = three.jittered(1_000_000);
            min = Math.min(min, j);
            max = Math.max(max, j);
        }
        assertThat(min).isBetween(750_000L, 760_000L);
        assertThat(max).isBetween(990_000L, 1_000_000L);
    }

    @Test
    void goesDownWhenTheDetectionTimeFromThePeersMultiplierPasses() {
        Wire w = new Wire(DEFAULT, DEFAULT.withMultiplier(5));
        w.runFor(5000);
        assertThat(w.a.status().detectTimeMs()).as("5 x max(300, 300)").isEqualTo(1500);
        assertThat(w.b.status().detectTimeMs()).as("3 x max(300, 300)").isEqualTo(900);
        w.bToA = false;
        long lastFromB = w.sentBy("b", 0).getLast().atMillis();
        w.runFor(lastFromB + 1499 - w.clock.millis());
        assertThat(w.a.state()).as("1 ms before the detection time").isEqualTo(BfdState.UP);
        w.runFor(2000);
        Wire.Change down = w.changes.stream().filter(c -> c.who().equals("a") && c.to() == BfdState.DOWN).findFirst()
                .orElseThrow();
        assertThat(down.atMillis()).isEqualTo(lastFromB + 1500);
        assertThat(down.diag()).isEqualTo(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
        assertThat(down.byRemoteAdminDown()).isFalse();
        assertThat(w.a.status().remoteDiscriminator()).as("zeroed when the detection time passes").isZero();
        assertThat(w.sentBy("a", down.atMillis() + 1).getLast().packet().yourDiscriminator()).isZero();
        // b hears a's Down and follows with "neighbor signaled session down".
        assertThat(w.changes).anySatisfy(c -> {
            assertThat(c.who()).isEqualTo("b");
            assertThat(c.from()).isEqualTo(BfdState.UP);
            assertThat(c.to()).isEqualTo(BfdState.DOWN);
            assertThat(c.diag()).isEqualTo(Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
        });
        assertThat(w.b.state()).as("b still hears a's Down on the one-way link").isEqualTo(BfdState.INIT);
        w.bToA = true;
        w.runFor(5000);
        assertThat(w.a.state()).isEqualTo(BfdState.UP);
        assertThat(w.b.state()).isEqualTo(BfdState.UP);
    }

    @Test
    void negotiatesTheSlowerOfTheTwoSidesEachWay() {
        Wire w = new Wire(DEFAULT.withIntervals(500, 300), DEFAULT.withIntervals(300, 100));
        w.runFor(5000);
        // b sends at max(b's 100 tx, a's 500 rx); a at max(300, 300).
        assertThat(w.b.status().txIntervalMs()).isEqualTo(500);
        assertThat(w.a.status().txIntervalMs()).isEqualTo(300);
        assertThat(w.a.status().detectTimeMs()).as("3 x max(a rx 500, b tx 100)").isEqualTo(1500);
        assertThat(w.b.status().detectTimeMs()).as("3 x max(b rx 300, a tx 300)").isEqualTo(900);
        assertThat(gaps(w.sentBy("b", 2000))).allSatisfy(g -> assertThat(g).isBetween(374L, 500L));
    }

    @Test
    void aSlowerTransmitRateWaitsForFinalThenTakesEffect() {
        Wire w = new Wire(DEFAULT, DEFAULT.withMultiplier(20));
        w.runFor(3000);
        w.bToA = false;
        long changeAt = w.clock.millis();
        w.a.update(DEFAULT.withIntervals(300, 1000));
        w.runFor(2000);
        List<Wire.Sent> polling = w.sentBy("a", changeAt);
        assertThat(polling).allSatisfy(s -> {
            assertThat(s.packet().poll()).isTrue();
            assertThat(s.packet().desiredMinTxUs()).isEqualTo(1_000_000);
        });
        assertThat(gaps(polling)).as("the old rate holds until Final").allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(300L));
        w.bToA = true;
        long restoredAt = w.clock.millis();
        w.runFor(1000);
        long finalAt = w.sentBy("b", restoredAt).stream().filter(s -> s.packet().fin()).findFirst().orElseThrow().atMillis();
        w.runFor(10_000);
        List<Wire.Sent> after = w.sentBy("a", finalAt + 1);
        assertThat(after).noneMatch(s -> s.packet().poll());
        assertThat(gaps(after)).allSatisfy(g -> assertThat(g).isBetween(749L, 1000L));
        assertThat(w.b.status().detectTimeMs()).as("3 x max(b rx 300, a's new tx 1000)").isEqualTo(3000);
        assertThat(w.a.state()).isEqualTo(BfdState.UP);
        assertThat(w.b.state()).isEqualTo(BfdState.UP);
        assertThat(w.changes).noneMatch(c -> c.from() == BfdState.UP);
    }

    @Test
    void aFasterReceiveRateWaitsForFinalBeforeTheDetectionTimeShrinks() {
        Wire w = new Wire(DEFAULT.withIntervals(1000, 300), DEFAULT.withIntervals(300, 300));
        w.runFor(5000);
        assertThat(w.a.status().detectTimeMs()).isEqualTo(3000);
        w.a.update(DEFAULT.withIntervals(100, 300));
        w.runFor(2000);
        assertThat(w.a.status().detectTimeMs()).as("3 x max(100, b tx 300) once the poll completed").isEqualTo(900);
        assertThat(w.b.status().txIntervalMs()).isEqualTo(300);
        assertThat(w.changes).noneMatch(c -> c.from() == BfdState.UP);
    }

    @Test
    void adminDownIsSignalledAndIsNotAPathFailure() {
        Wire w = new Wire(DEFAULT, DEFAULT);
        w.runFor(2000);
        w.a.adminDown();
        w.runFor(3000);
        assertThat(w.a.state()).isEqualTo(BfdState.ADMIN_DOWN);
        assertThat(w.a.status().localDiag()).isEqualTo(Diagnostic.ADMINISTRATIVELY_DOWN);
        assertThat(w.sentBy("a", 2000)).allSatisfy(s -> {
            assertThat(s.packet().state()).isEqualTo(BfdState.ADMIN_DOWN);
            assertThat(s.packet().diag()).isEqualTo(Diagnostic.ADMINISTRATIVELY_DOWN);
        });
        Wire.Change bDown = w.changes.stream().filter(c -> c.who().equals("b") && c.to() == BfdState.DOWN).findFirst()
                .orElseThrow();
        assertThat(bDown.diag()).isEqualTo(Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
        assertThat(bDown.byRemoteAdminDown()).isTrue();
        assertThat(w.b.state()).as("AdminDown packets keep the peer Down, not Init").isEqualTo(BfdState.DOWN);
        w.a.adminUp();
        w.runFor(3000);
        assertThat(w.a.state()).isEqualTo(BfdState.UP);
        assertThat(w.b.state()).isEqualTo(BfdState.UP);
    }

    @Test
    void anAuthenticatedPacketIsDiscardedWithoutAuthenticationConfigured() {
        FakeClock clock = new FakeClock();
        BfdSession s = new BfdSession(9, DEFAULT, clock, new Random(1), new BfdSession.Output() {
            @Override
            public void send(BfdSession session, BfdPacket packet) {
            }

            @Override
            public void stateChanged(BfdSession session, BfdState from, BfdState to, Diagnostic diag, boolean remote) {
            }
        });
        BfdPacket init = new BfdPacket(Diagnostic.NONE, BfdState.INIT, false, false, false, true, false, 3, 5, 9,
                300_000, 300_000, 0);
        assertThat(s.receive(init)).isFalse();
        assertThat(s.state()).isEqualTo(BfdState.DOWN);
        assertThat(s.status().packetsIn()).isZero();
    }

    @Test
    void stateSinceAndCountersFollowTheClock() {
        Wire w = new Wire(DEFAULT, DEFAULT);
        w.runFor(3000);
        BfdStatus st = w.a.status();
        assertThat(st.since()).as("Up at the start").isEqualTo(new FakeClock().instant());
        assertThat(st.stateChanges()).as("down > init > up").isEqualTo(2);
        assertThat(st.packetsOut()).isEqualTo(w.sentBy("a", 0).size());
        assertThat(st.packetsIn()).isEqualTo(w.sentBy("b", 0).size());
    }

    private static List<Long> gaps(List<Wire.Sent> sent) {
        List<Long> out = new java.util.ArrayList<>();
        List<Wire.Sent> periodic = sent.stream().filter(s -> !s.packet().fin()).toList();
        for (int i = 1; i < periodic.size(); i++) {
            out.add(periodic.get(i).atMillis() - periodic.get(i - 1).atMillis());
        }
        return out;
    }

    private static int indexOf(List<Wire.Sent> l, java.util.function.Predicate<Wire.Sent> p) {
        for (int i = 0; i < l.size(); i++) {
            if (p.test(l.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
