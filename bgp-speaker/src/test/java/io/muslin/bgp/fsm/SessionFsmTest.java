package io.muslin.bgp.fsm;

import static io.muslin.bgp.fsm.FsmHarness.ip;
import static io.muslin.bgp.fsm.FsmHarness.peerOpen;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.ErrorAction;
import io.muslin.bgp.wire.Keepalive;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Open;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdateError;
import io.muslin.bgp.wire.WireLayout;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionFsmTest {
    static final int LOCAL_ID = ip(10, 0, 0, 1);
    static final int PEER_ID = ip(10, 0, 0, 2);
    static final SessionSettings IBGP = SessionSettings.of(64512, LOCAL_ID, 64512);

    @Test
    void activePeerGoesFromIdleToEstablished() {
        FsmHarness h = new FsmHarness(IBGP);
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
        h.in(new Input.Start());
        assertThat(h.last).contains(new Output.Connect(1),
                new Output.ArmTimer(TimerKey.peer(Timer.CONNECT_RETRY), 5000),
                new Output.StateChanged(SessionState.IDLE, SessionState.CONNECT, "start"));
        h.in(new Input.Connected(1, Direction.OUTBOUND));
        assertThat(h.sent(1)).singleElement().isInstanceOf(Open.class);
        assertThat(h.fsm.state()).isEqualTo(SessionState.OPEN_SENT);
        h.receive(1, peerOpen(64512, PEER_ID, 90));
        assertThat(h.sent(1)).containsExactly(Keepalive.INSTANCE);
        assertThat(h.last).contains(new Output.ArmTimer(new TimerKey(Timer.HOLD, 1), 90_000),
                new Output.ArmTimer(new TimerKey(Timer.KEEPALIVE, 1), 30_000));
        assertThat(h.fsm.state()).isEqualTo(SessionState.OPEN_CONFIRM);
        h.receive(1, Keepalive.INSTANCE);
        assertThat(h.of(Output.Established.class)).singleElement()
                .satisfies(e -> assertThat(e.negotiated().families()).containsExactly(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST));
        assertThat(h.fsm.state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void ourOpenOffersTheConfiguredCapabilities() {
        FsmHarness h = new FsmHarness(SessionSettings.of(4200000001L, LOCAL_ID, 64512).withGracefulRestart(120, true, true));
        h.in(new Input.Start());
        h.in(new Input.Connected(1, Direction.OUTBOUND));
        Open ours = (Open) h.sent(1).getFirst();
        assertThat(ours.myAutonomousSystem()).isEqualTo(Open.AS_TRANS);
        assertThat(ours.asNumber()).isEqualTo(4200000001L);
        assertThat(ours.capabilities()).contains(new Capability.RouteRefreshSupport(), new Capability.ExtendedMessage(),
                new Capability.GracefulRestart(true, true, 120, List.of(
                        new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, true),
                        new Capability.GracefulRestartFamily(AfiSafi.IPV6_UNICAST, true))));
    }

    @Test
    void theRestartBitIsClearedOnceTheRestartIsOver() {
        FsmHarness h = new FsmHarness(IBGP.withGracefulRestart(120, true, true));
        h.in(new Input.Start());
        h.in(new Input.Connected(1, Direction.OUTBOUND));
        Open first = (Open) h.sent(1).getFirst();
        assertThat(first.capabilities(Capability.GracefulRestart.class).getFirst().restarting()).isTrue();
        h.in(new Input.RestartComplete());
        h.in(new Input.Closed(1, "connection-reset"));
        h.fire(Timer.IDLE_HOLD, 0);
        h.in(new Input.Connected(2, Direction.OUTBOUND));
        Open later = (Open) h.sent(2).getFirst();
        Capability.GracefulRestart gr = later.capabilities(Capability.GracefulRestart.class).getFirst();
        assertThat(gr.restarting()).isFalse();
        assertThat(gr.families()).allSatisfy(f -> assertThat(f.forwardingPreserved()).isTrue());
    }

    @Test
    void holdTimeIsTheSmallerProposalAndZeroMeansNoKeepalives() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 30));
        assertThat(h.fsm.negotiated().holdTime()).isEqualTo(30);
        assertThat(h.fsm.negotiated().keepaliveInterval()).isEqualTo(10);

        FsmHarness zero = new FsmHarness(IBGP);
        zero.in(new Input.Start());
        zero.in(new Input.Connected(1, Direction.OUTBOUND));
        zero.receive(1, peerOpen(64512, PEER_ID, 0));
        assertThat(zero.last).contains(new Output.CancelTimer(new TimerKey(Timer.HOLD, 1)));
        assertThat(zero.last).noneMatch(o -> o instanceof Output.ArmTimer a && a.key().timer() == Timer.KEEPALIVE);
        zero.advance(10_000_000);
        assertThat(zero.fire(Timer.HOLD, 1)).noneMatch(o -> o instanceof Output.Send);
    }

    @Test
    void holdTimerIsLazyAndExpiresAfterSilence() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.advance(60_000);
        h.receive(1, Keepalive.INSTANCE);
        h.advance(30_000);
        h.fire(Timer.HOLD, 1);
        assertThat(h.last).containsExactly(new Output.ArmTimer(new TimerKey(Timer.HOLD, 1), 60_000));
        h.advance(60_000);
        h.fire(Timer.HOLD, 1);
        assertThat(h.sent(1)).containsExactly(new Notification(4, 0));
        assertThat(h.last).contains(new Output.Close(1), new Output.Down("hold-timer-expired", false));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
        assertThat(h.fsm.lastDownReason()).isEqualTo("hold-timer-expired");
    }

    @Test
    void keepaliveTimerSendsAndRearms() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.fire(Timer.KEEPALIVE, 1);
        assertThat(h.last).containsExactly(new Output.Send(1, Keepalive.INSTANCE),
                new Output.ArmTimer(new TimerKey(Timer.KEEPALIVE, 1), 30_000));
    }

    @Test
    void passivePeerWaitsInActiveAndAnswersAnInboundConnection() {
        FsmHarness h = new FsmHarness(IBGP.withPassive(true));
        h.in(new Input.Start());
        assertThat(h.last).noneMatch(o -> o instanceof Output.Connect);
        assertThat(h.fsm.state()).isEqualTo(SessionState.ACTIVE);
        int id = h.fsm.newConnectionId();
        h.in(new Input.Connected(id, Direction.INBOUND));
        assertThat(h.sent(id)).singleElement().isInstanceOf(Open.class);
        h.receive(id, peerOpen(64512, PEER_ID, 90));
        h.receive(id, Keepalive.INSTANCE);
        assertThat(h.fsm.state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void refusedConnectionIsRetriedAfterConnectRetry() {
        FsmHarness h = new FsmHarness(IBGP);
        h.in(new Input.Start());
        h.in(new Input.ConnectFailed(1, "connection-refused"));
        assertThat(h.last).contains(new Output.StateChanged(SessionState.CONNECT, SessionState.ACTIVE, "connection-refused"));
        h.fire(Timer.CONNECT_RETRY, 0);
        assertThat(h.last).contains(new Output.Connect(2));
        assertThat(h.fsm.state()).isEqualTo(SessionState.CONNECT);
    }

    @Test
    void connectAttemptThatHangsIsAbandonedAtConnectRetry() {
        FsmHarness h = new FsmHarness(IBGP);
        h.in(new Input.Start());
        h.fire(Timer.CONNECT_RETRY, 0);
        assertThat(h.last).contains(new Output.Close(1), new Output.Connect(2));
    }

    @Test
    void collisionKeepsTheConnectionOpenedByTheHigherIdentifier() {
        // Our identifier is lower: the peer's connection (inbound) survives.
        FsmHarness h = new FsmHarness(IBGP);
        h.in(new Input.Start());
        h.in(new Input.Connected(1, Direction.OUTBOUND));
        int inbound = h.fsm.newConnectionId();
        h.in(new Input.Connected(inbound, Direction.INBOUND));
        h.receive(1, peerOpen(64512, PEER_ID, 90));
        assertThat(h.sent(1)).contains(new Notification(6, 7));
        assertThat(h.last).contains(new Output.Close(1));
        h.receive(inbound, peerOpen(64512, PEER_ID, 90));
        h.receive(inbound, Keepalive.INSTANCE);
        assertThat(h.fsm.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(h.fsm.establishedConnection()).isEqualTo(inbound);

        // Our identifier is higher: our connection (outbound) survives, the inbound one is closed.
        FsmHarness g = new FsmHarness(SessionSettings.of(64512, ip(10, 0, 0, 9), 64512));
        g.in(new Input.Start());
        g.in(new Input.Connected(1, Direction.OUTBOUND));
        int in2 = g.fsm.newConnectionId();
        g.in(new Input.Connected(in2, Direction.INBOUND));
        g.receive(in2, peerOpen(64512, PEER_ID, 90));
        assertThat(g.sent(in2)).contains(new Notification(6, 7));
        g.receive(1, peerOpen(64512, PEER_ID, 90));
        g.receive(1, Keepalive.INSTANCE);
        assertThat(g.fsm.establishedConnection()).isEqualTo(1);
    }

    @Test
    void newConnectionWhileEstablishedIsRejectedUnlessThePeerCanRestart() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        int in = h.fsm.newConnectionId();
        h.in(new Input.Connected(in, Direction.INBOUND));
        h.receive(in, peerOpen(64512, PEER_ID, 90));
        assertThat(h.sent(in)).contains(new Notification(6, 7));
        assertThat(h.fsm.establishedConnection()).isEqualTo(1);
    }

    @Test
    void restartedGracefulPeerReplacesTheOldSessionAndKeepsRoutesStale() {
        SessionSettings gr = IBGP.withGracefulRestart(120, false, false);
        Capability.GracefulRestart peerGr = new Capability.GracefulRestart(false, false, 120,
                List.of(new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, true)));
        FsmHarness h = new FsmHarness(gr);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90, peerGr));
        int in = h.fsm.newConnectionId();
        h.in(new Input.Connected(in, Direction.INBOUND));
        h.receive(in, peerOpen(64512, PEER_ID, 90, peerGr));
        assertThat(h.of(Output.Down.class)).singleElement().satisfies(d -> assertThat(d.peerMayRestart()).isTrue());
        h.receive(in, Keepalive.INSTANCE);
        assertThat(h.fsm.establishedConnection()).isEqualTo(in);
    }

    @Test
    void gracefulPeerThatDropsTcpMayRestartButOneThatSendsNotificationMayNot() {
        SessionSettings gr = IBGP.withGracefulRestart(120, false, false);
        Capability.GracefulRestart peerGr = new Capability.GracefulRestart(false, false, 120,
                List.of(new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, true)));
        FsmHarness h = new FsmHarness(gr);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90, peerGr));
        h.in(new Input.Closed(1, "connection-reset"));
        assertThat(h.of(Output.Down.class)).containsExactly(new Output.Down("connection-reset", true));

        FsmHarness n = new FsmHarness(gr);
        n.establishOutbound(peerOpen(64512, PEER_ID, 90, peerGr));
        n.receive(1, Notification.cease(2, "maintenance"));
        assertThat(n.of(Output.Down.class)).containsExactly(
                new Output.Down("notification-received 6/2 administrative-shutdown \"maintenance\"", false));
    }

    /**
     * RFC 8538 with the N bit on both sides: a NOTIFICATION received (other than Hard Reset) is a
     * restart; a Cease we send to end the session for good (§5.1: maximum prefixes, administrative
     * shutdown, peer de-configured) goes out as a Hard Reset carrying it, so the peer drops our routes.
     */
    @Test
    void withTheNBitAFinalCeaseIsSentAsHardResetAndOtherNotificationsAreRestarts() {
        SessionSettings gr = IBGP.withGracefulRestart(120, false, false);
        Capability.GracefulRestart peerN = new Capability.GracefulRestart(false, true, 120,
                List.of(new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, true)));
        FsmHarness received = new FsmHarness(gr);
        received.establishOutbound(peerOpen(64512, PEER_ID, 90, peerN));
        received.receive(1, Notification.cease(4, "reset"));
        assertThat(received.of(Output.Down.class)).singleElement().satisfies(d -> assertThat(d.peerMayRestart()).isTrue());

        FsmHarness hard = new FsmHarness(gr);
        hard.establishOutbound(peerOpen(64512, PEER_ID, 90, peerN));
        hard.receive(1, new Notification(6, 9, new byte[] {6, 4}));
        assertThat(hard.of(Output.Down.class)).containsExactly(
                new Output.Down("notification-received 6/4 administrative-reset (hard reset)", false));

        FsmHarness stop = new FsmHarness(gr);
        stop.establishOutbound(peerOpen(64512, PEER_ID, 90, peerN));
        stop.in(new Input.Stop(new Notification(6, 2, new byte[] {1, 'x'})));
        assertThat(stop.sent(1)).containsExactly(new Notification(6, 9, new byte[] {6, 2, 1, 'x'}));

        FsmHarness max = new FsmHarness(gr);
        max.establishOutbound(peerOpen(64512, PEER_ID, 90, peerN));
        max.in(new Input.Reset(new Notification(6, 1, new byte[] {0, 1, 1, 0, 0, 0, 3}), 60_000));
        assertThat(max.sent(1)).containsExactly(new Notification(6, 9, new byte[] {6, 1, 0, 1, 1, 0, 0, 0, 3}));
        assertThat(max.of(Output.Down.class)).singleElement().satisfies(d -> assertThat(d.peerMayRestart()).isFalse());

        FsmHarness hold = new FsmHarness(gr);
        hold.establishOutbound(peerOpen(64512, PEER_ID, 90, peerN));
        hold.advance(91_000);
        hold.fire(Timer.HOLD, 1);
        assertThat(hold.sent(1)).as("not a Cease: sent as it is").containsExactly(new Notification(4, 0));
        assertThat(hold.of(Output.Down.class)).singleElement().satisfies(d -> assertThat(d.peerMayRestart()).isTrue());

        FsmHarness noN = new FsmHarness(gr);
        noN.establishOutbound(peerOpen(64512, PEER_ID, 90, new Capability.GracefulRestart(false, false, 120, List.of())));
        noN.in(new Input.Stop(new Notification(6, 2)));
        assertThat(noN.sent(1)).as("the peer did not send the N bit: plain Cease").containsExactly(new Notification(6, 2));
    }

    @Test
    void notificationReceivedEndsTheSessionAndIdleHoldGrowsWithEachFailure() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.receive(1, new Notification(6, 2));
        assertThat(h.of(Output.Down.class)).containsExactly(new Output.Down("notification-received 6/2 administrative-shutdown", false));
        assertThat(h.last).contains(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), 1000));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);

        long[] expected = {2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000};
        int conn = 1;
        for (long delay : expected) {
            h.fire(Timer.IDLE_HOLD, 0);
            conn++;
            assertThat(h.last).contains(new Output.Connect(conn));
            h.in(new Input.Connected(conn, Direction.OUTBOUND));
            h.receive(conn, new Notification(6, 5));
            assertThat(h.last).contains(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), delay));
        }
    }

    @Test
    void aSessionThatStayedUpResetsTheBackoff() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.receive(1, new Notification(6, 2));
        h.fire(Timer.IDLE_HOLD, 0);
        h.in(new Input.Connected(2, Direction.OUTBOUND));
        h.receive(2, peerOpen(64512, PEER_ID, 90));
        h.receive(2, Keepalive.INSTANCE);
        h.advance(Duration.ofMinutes(5).toMillis());
        h.receive(2, new Notification(6, 2));
        assertThat(h.last).contains(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), 1000));
    }

    @Test
    void idleRefusesInboundConnections() {
        FsmHarness h = new FsmHarness(IBGP);
        h.in(new Input.Connected(7, Direction.INBOUND));
        assertThat(h.last).containsExactly(new Output.Send(7, new Notification(6, 5)), new Output.Close(7));
    }

    @Test
    void idleHoldTakesOneInboundAttemptPerPeriod() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.receive(1, new Notification(6, 2));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
        int first = h.fsm.newConnectionId();
        h.in(new Input.Connected(first, Direction.INBOUND));
        assertThat(h.sent(first)).singleElement().isInstanceOf(Open.class);
        int second = h.fsm.newConnectionId();
        h.in(new Input.Connected(second, Direction.INBOUND));
        assertThat(h.sent(second)).containsExactly(new Notification(6, 5));
        h.receive(first, peerOpen(64512, PEER_ID, 90));
        h.receive(first, Keepalive.INSTANCE);
        assertThat(h.fsm.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(h.last).contains(new Output.CancelTimer(TimerKey.peer(Timer.IDLE_HOLD)));
        h.fire(Timer.IDLE_HOLD, 0);
        assertThat(h.last).noneMatch(o -> o instanceof Output.Connect);
    }

    @Test
    void unexpectedMessagesAreFsmErrors() {
        FsmHarness h = new FsmHarness(IBGP);
        h.in(new Input.Start());
        h.in(new Input.Connected(1, Direction.OUTBOUND));
        h.receive(1, Keepalive.INSTANCE);
        assertThat(h.sent(1)).containsExactly(new Notification(5, 1));

        FsmHarness e = new FsmHarness(IBGP);
        e.establishOutbound(peerOpen(64512, PEER_ID, 90));
        e.receive(1, peerOpen(64512, PEER_ID, 90));
        assertThat(e.sent(1)).containsExactly(new Notification(5, 3));
    }

    @Test
    void openChecksNameTheProblem() {
        record Case(Open open, int subcode) {
        }
        List<Case> cases = List.of(
                new Case(peerOpen(64513, PEER_ID, 90), Notification.BAD_PEER_AS),
                new Case(peerOpen(64512, 0, 90), Notification.BAD_BGP_IDENTIFIER),
                new Case(peerOpen(64512, LOCAL_ID, 90), Notification.BAD_BGP_IDENTIFIER),
                new Case(peerOpen(64512, PEER_ID, 2), Notification.UNACCEPTABLE_HOLD_TIME),
                new Case(Open.of(64512, 90, PEER_ID, List.of(new Capability.Multiprotocol(new AfiSafi(1, 128)))),
                        Notification.UNSUPPORTED_CAPABILITY));
        for (Case c : cases) {
            FsmHarness h = new FsmHarness(IBGP);
            h.in(new Input.Start());
            h.in(new Input.Connected(1, Direction.OUTBOUND));
            h.receive(1, c.open());
            assertThat(h.sent(1)).singleElement().satisfies(m -> {
                Notification n = (Notification) m;
                assertThat(n.code()).isEqualTo(2);
                assertThat(n.subcode()).isEqualTo(c.subcode());
            });
            assertThat(h.of(Output.StateChanged.class)).singleElement()
                    .satisfies(s -> assertThat(s.reason()).startsWith("notification-sent 2/" + c.subcode()));
        }
    }

    @Test
    void resetSendsTheNotificationAndWaitsTheRequestedTime() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        Notification maxPrefix = new Notification(6, 1, new byte[] {0, 1, 1, 0, 0, 0, 9});
        h.in(new Input.Reset(maxPrefix, 30_000));
        assertThat(h.sent(1)).containsExactly(maxPrefix);
        assertThat(h.last).contains(new Output.Down("notification-sent 6/1 maximum-prefixes-reached", false));
        assertThat(h.of(Output.ArmTimer.class)).last().isEqualTo(new Output.ArmTimer(TimerKey.peer(Timer.IDLE_HOLD), 30_000));
        int in = h.fsm.newConnectionId();
        h.in(new Input.Connected(in, Direction.INBOUND));
        assertThat(h.sent(in)).as("the peer may not come back early").containsExactly(new Notification(6, 5));
        h.fire(Timer.IDLE_HOLD, 0);
        assertThat(h.last).contains(new Output.Connect(3));
    }

    @Test
    void adminStopSendsCeaseAndStaysIdle() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.in(new Input.Stop(Notification.cease(2, "bye")));
        assertThat(h.sent(1)).containsExactly(Notification.cease(2, "bye"));
        assertThat(h.last).contains(new Output.Down("admin-down", false));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
        h.fire(Timer.IDLE_HOLD, 0);
        h.fire(Timer.CONNECT_RETRY, 0);
        assertThat(h.last).noneMatch(o -> o instanceof Output.Connect);
    }

    @Test
    void stopForRestartClosesWithoutNotification() {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        h.in(Input.Stop.forRestart());
        assertThat(h.sent(1)).as("RFC 4724: a restart closes TCP without NOTIFICATION").isEmpty();
        assertThat(h.last).contains(new Output.Close(1)).contains(new Output.Down("stopped-for-restart", false));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
        h.fire(Timer.CONNECT_RETRY, 0);
        assertThat(h.last).noneMatch(o -> o instanceof Output.Connect);
    }

    @Test
    void updatesAreDeliveredAndADisabledFamilyIsFilteredOut() throws Exception {
        FsmHarness h = new FsmHarness(IBGP);
        h.establishOutbound(peerOpen(64512, PEER_ID, 90));
        Update v4 = new Update(List.of(IpPrefix.parse("10.1.0.0/16")), List.of(), List.of());
        h.receive(1, v4);
        assertThat(h.of(Output.Deliver.class)).singleElement().satisfies(d -> assertThat(d.message().message()).isEqualTo(v4));

        UpdateError bad = new UpdateError(14, ErrorAction.AFI_SAFI_DISABLE, 9, AfiSafi.IPV6_UNICAST, "bad next hop");
        h.in(new Input.Received(1, new DecodedMessage(v4, ErrorAction.AFI_SAFI_DISABLE, List.of(bad), WireLayout.CANONICAL)));
        assertThat(h.of(Output.FamilyDisabled.class)).singleElement().satisfies(f -> assertThat(f.family()).isEqualTo(AfiSafi.IPV6_UNICAST));
        assertThat(h.fsm.state()).isEqualTo(SessionState.ESTABLISHED);

        Update v6 = new Update(List.of(), List.of(new PathAttribute.MpUnreach(AfiSafi.IPV6_UNICAST,
                List.of(IpPrefix.parse("fd00::/64")))), List.of());
        h.receive(1, v6);
        assertThat(h.of(Output.Deliver.class)).isEmpty();
        h.receive(1, Update.endOfRib(AfiSafi.IPV6_UNICAST));
        assertThat(h.of(Output.Deliver.class)).as("a filtered v6 End-of-RIB must not look like a v4 one").isEmpty();

        UpdateError bad4 = new UpdateError(14, ErrorAction.AFI_SAFI_DISABLE, 9, AfiSafi.IPV4_UNICAST, "bad");
        h.in(new Input.Received(1, new DecodedMessage(v4, ErrorAction.AFI_SAFI_DISABLE, List.of(bad4), WireLayout.CANONICAL)));
        assertThat(h.sent(1)).containsExactly(new Notification(3, 9));
        assertThat(h.fsm.state()).isEqualTo(SessionState.IDLE);
    }
}
