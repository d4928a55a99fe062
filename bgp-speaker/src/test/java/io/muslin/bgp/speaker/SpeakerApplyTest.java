package io.muslin.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.wire.Notification;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The speaker API over real TCP on loopback addresses: {@link Speaker#apply} touches only what
 * changed, {@link Speaker#status} counts, a {@link SessionListener} hears the events.
 */
class SpeakerApplyTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A speaker on 127.0.0.x, listening on a free port, with documentation next hops (loopback ones are martians). */
    static final class Node implements AutoCloseable {
        final IpAddress address;
        final long as;
        final Speaker speaker;
        final int port;
        final List<String> events = new CopyOnWriteArrayList<>();
        DesiredState desired;

        Node(String address, long as, String... originate) throws Exception {
            this.address = IpAddress.parse(address);
            this.as = as;
            int last = (int) (this.address.lo() & 0xFF);
            desired = new DesiredState(SpeakerSettings.of(as, this.address).withListen(this.address, 0),
                    RoutingSettings.DEFAULT.withNextHops(IpAddress.parse("192.0.2." + last), null), List.of(),
                    List.of(originate).stream().map(p -> OriginatedRoute.of(IpPrefix.parse(p))).toList());
            speaker = new Speaker(desired, 1, Runnable::run);
            speaker.addSessionListener(new SessionListener() {
                @Override
                public void stateChanged(PeerId peer, SessionState from, SessionState to, String reason) {
                    events.add("state " + peer.address() + " " + to.displayName() + " " + reason);
                }

                @Override
                public void notificationSent(PeerId peer, Notification n) {
                    events.add("sent " + peer.address() + " " + n.code() + "/" + n.subcode());
                }

                @Override
                public void notificationReceived(PeerId peer, Notification n) {
                    events.add("received " + peer.address() + " " + n.code() + "/" + n.subcode());
                }
            });
            port = speaker.start().getPort();
        }

        PeerSpec peerOf(Node other) {
            return new PeerSpec(other.address, "", SessionSpec.of(other.as).withPort(other.port).withLocalAddress(address)
                    .withConnectRetry(Duration.ofSeconds(1)), io.muslin.bgp.settings.PeerPolicy.DEFAULT);
        }

        ApplyResult apply(List<PeerSpec> peers) {
            desired = desired.withPeers(peers);
            return speaker.apply(desired);
        }

        PeerStatus status(Node other) {
            return speaker.peerStatus(other.address).orElseThrow();
        }

        boolean established(Node other) {
            return speaker.peerStatus(other.address).map(s -> s.state() == SessionState.ESTABLISHED).orElse(false);
        }

        long events(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }

        @Override
        public void close() {
            speaker.close();
        }
    }

    @Test
    void applyTouchesOnlyWhatChangedAndStatusCountsIt() throws Exception {
        try (Node a = new Node("127.0.0.71", 64512, "10.244.71.0/26");
             Node b = new Node("127.0.0.72", 65002, "10.244.72.0/26", "10.244.72.64/26");
             Node c = new Node("127.0.0.73", 65003, "10.244.73.0/26");
             Node d = new Node("127.0.0.74", 65004)) {
            PeerSpec toB = a.peerOf(b).withDescription("rack tor");
            PeerSpec toC = a.peerOf(c);
            ApplyResult first = a.apply(List.of(toB, toC));
            assertThat(first.added()).containsExactly(b.address, c.address);
            b.apply(List.of(b.peerOf(a)));
            c.apply(List.of(c.peerOf(a)));
            d.apply(List.of(d.peerOf(a)));
            // Established as well as counted: the RIB's counters and the session's state are read
            // apart, and both sides connect at once (a collision may end one session just after).
            Await.until(WAIT, "a has b's two routes and c's", () -> a.status(b).prefixesAccepted() == 2
                    && a.status(c).prefixesAccepted() == 1 && a.status(b).prefixesAdvertised() == 1
                    && a.status(b).establishedSince() != null && a.status(c).establishedSince() != null);
            PeerStatus bBefore = a.status(b);
            assertThat(bBefore.description()).isEqualTo("rack tor");
            assertThat(bBefore.prefixesReceived()).isEqualTo(2);
            assertThat(bBefore.prefixesAdvertised()).as("its own block; c's route is not exported by default").isEqualTo(1);
            assertThat(bBefore.updatesReceived()).as("the routes and End-of-RIB").isGreaterThanOrEqualTo(2);
            assertThat(bBefore.updatesSent()).isGreaterThanOrEqualTo(2);
            assertThat(bBefore.families()).hasSize(2);
            assertThat(bBefore.holdTime()).isEqualTo(90);
            assertThat(bBefore.gracefulRestart()).isEqualTo(PeerStatus.GracefulRestartState.ENABLED);
            assertThat(bBefore.uptime(Instant.now())).isPositive();
            Instant bSince = bBefore.establishedSince();
            Instant cSince = a.status(c).establishedSince();
            long bEvents = a.events("state " + b.address);

            // b: a policy that rejects everything and a new label (no reset); c: new hold time (replaced); d: new.
            Filter none = new Filter("none", List.of(FilterRule.parse("Reject", null, null, null, null, List.of(), List.of(),
                    List.of())));
            ApplyResult second = a.apply(List.of(
                    toB.withDescription("rack tor, filtered").withPolicy(toB.policy().withImportFilters(List.of(none))),
                    toC.withSession(toC.session().withHoldTime(30)), a.peerOf(d)));
            assertThat(second.policyChanged()).containsExactly(b.address);
            assertThat(second.relabelled()).containsExactly(b.address);
            assertThat(second.replaced()).containsExactly(c.address);
            assertThat(second.added()).containsExactly(d.address);
            Await.until(WAIT, "b's routes filtered out", () -> a.status(b).prefixesAccepted() == 0);
            // One status read for c: a second read could fall between a session's end and the next
            // one when both sides reconnect at once (a collision ends one of the two sessions).
            Await.until(WAIT, "c back in a new session with hold time 30, and d up", () -> {
                PeerStatus s = a.status(c);
                return s.state() == SessionState.ESTABLISHED && s.holdTime() == 30 && s.establishedSince() != null
                        && s.establishedSince().isAfter(cSince) && a.established(d);
            });
            assertThat(a.status(b).establishedSince()).as("b's session untouched").isEqualTo(bSince);
            assertThat(a.status(b).prefixesReceived()).as("its Adj-RIB-In kept").isEqualTo(2);
            assertThat(a.status(b).description()).isEqualTo("rack tor, filtered");
            assertThat(a.events("state " + b.address)).isEqualTo(bEvents);

            // d removed: Cease 6/3, heard on both sides; both sent the N bit, so it goes as a Hard Reset (RFC 8538).
            ApplyResult third = a.apply(List.of(toB, toC.withSession(toC.session().withHoldTime(30))));
            assertThat(third.removed()).containsExactly(d.address);
            assertThat(third.policyChanged()).containsExactly(b.address);
            assertThat(a.speaker.peerStatus(d.address)).isEmpty();
            Await.until(WAIT, "d heard the Cease", () -> !d.status(a).lastDownReason().isEmpty());
            assertThat(d.status(a).notificationsReceived()).isEqualTo(Map.of(new NotificationCode(6, 9), 1L));
            assertThat(d.status(a).lastDownReason()).isEqualTo("notification-received 6/3 peer-deconfigured (hard reset)");
            assertThat(a.events).contains("sent " + d.address + " 6/9");
            assertThat(d.events).contains("received " + a.address + " 6/9");
            Await.until(WAIT, "b's routes back", () -> a.status(b).prefixesAccepted() == 2);
            assertThat(a.status(b).establishedSince()).isEqualTo(bSince);
            assertThat(a.speaker.status().peers()).extracting(PeerStatus::address).containsExactly(b.address, c.address);
        }
    }

    @Test
    void aChangeThatNeedsARestartChangesNothing() throws Exception {
        try (Node a = new Node("127.0.0.76", 64512, "10.244.76.0/26"); Node b = new Node("127.0.0.77", 65007)) {
            a.apply(List.of(a.peerOf(b)));
            DesiredState other = a.desired.withSpeaker(SpeakerSettings.of(64513, a.address).withListen(a.address, 0))
                    .withPeers(List.of());
            SettingException e = catchThrowableOfType(SettingException.class, () -> a.speaker.apply(other));
            assertThat(e.field()).isEqualTo("asNumber");
            assertThat(e.reason()).contains("needs a restart");
            assertThat(a.speaker.status().peers()).extracting(PeerStatus::address).containsExactly(b.address);
            assertThat(a.speaker.desired()).isEqualTo(a.desired);
        }
    }

    @Test
    void originatedPrefixesFollowTheList() throws Exception {
        try (Node a = new Node("127.0.0.78", 64512, "10.244.78.0/26"); Node b = new Node("127.0.0.79", 65009)) {
            a.apply(List.of(a.peerOf(b)));
            b.apply(List.of(b.peerOf(a)));
            Await.until(WAIT, "b has a's block", () -> b.status(a).prefixesAccepted() == 1);
            List<OriginatedRoute> now = new ArrayList<>();
            now.add(OriginatedRoute.of(IpPrefix.parse("10.244.78.64/26")));
            a.desired = a.desired.withOriginated(now);
            ApplyResult r = a.speaker.apply(a.desired);
            assertThat(r.originated()).containsExactly(IpPrefix.parse("10.244.78.64/26"));
            assertThat(r.withdrawn()).containsExactly(IpPrefix.parse("10.244.78.0/26"));
            Await.until(WAIT, "b has exactly the new block", () -> b.speaker.rib()
                    .query(core -> core.acceptedFrom(a.address.toString()).keySet()).join()
                    .equals(java.util.Set.of(IpPrefix.parse("10.244.78.64/26"))));
        }
    }
}
