package io.muslin.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan from one desired state to the next: each peer and prefix in exactly the list it belongs to. */
class ReconcilerTest {
    static final SpeakerSettings SPEAKER = SpeakerSettings.of(64512, IpAddress.parse("10.77.0.2"));
    static final IpAddress A = IpAddress.parse("10.0.0.1"), B = IpAddress.parse("10.0.0.2"), C = IpAddress.parse("10.0.0.3"),
            D = IpAddress.parse("10.0.0.4"), E = IpAddress.parse("10.0.0.5"), F = IpAddress.parse("10.0.0.6");
    static final IpPrefix P1 = IpPrefix.parse("10.244.1.0/26"), P2 = IpPrefix.parse("10.244.1.64/26"),
            P3 = IpPrefix.parse("10.244.1.128/26");

    @Test
    void eachPeerIsAddedReplacedRepoliciedRelabelledRemovedOrLeftAlone() {
        PeerSpec a = PeerSpec.of(A, 65001), b = PeerSpec.of(B, 65002), c = PeerSpec.of(C, 65003), d = PeerSpec.of(D, 65004),
                e = PeerSpec.of(E, 65005);
        DesiredState before = DesiredState.of(SPEAKER).withPeers(List.of(a, b, c, d, e))
                .withOriginated(List.of(OriginatedRoute.of(P1), OriginatedRoute.of(P2)));
        DesiredState after = before.withPeers(List.of(
                a,                                                                     // untouched
                b.withSession(b.session().withHoldTime(30)),                           // session changed
                c.withPolicy(c.policy().withExportLearned(true)),                      // policy changed
                d.withDescription("global"),                                           // label only
                PeerSpec.of(F, 65006)))                                                // new; e is gone
                .withOriginated(List.of(OriginatedRoute.of(P1),
                        new OriginatedRoute(P2, List.of(new PathAttribute.Communities(List.of(1)))), OriginatedRoute.of(P3)));
        ApplyResult r = Reconciler.plan(before, after);
        assertThat(r.added()).containsExactly(F);
        assertThat(r.replaced()).containsExactly(B);
        assertThat(r.policyChanged()).containsExactly(C);
        assertThat(r.relabelled()).containsExactly(D);
        assertThat(r.removed()).containsExactly(E);
        assertThat(r.originated()).as("new, or with other attributes").containsExactly(P2, P3);
        assertThat(r.withdrawn()).isEmpty();
        assertThat(r.routingChanged()).isFalse();
        assertThat(r.describe()).contains("peer 10.0.0.2 replaced (session settings changed)", "peer 10.0.0.5 removed (Cease 6/3)");

        ApplyResult back = Reconciler.plan(after, before);
        assertThat(back.withdrawn()).containsExactly(P3);
        assertThat(Reconciler.plan(after, after).nothingChanged()).isTrue();
    }

    @Test
    void aBfdChangeAloneKeepsTheBgpSession() {
        PeerSpec a = PeerSpec.of(A, 65001), b = PeerSpec.of(B, 65002).withBfd(BfdSpec.defaults()), c = PeerSpec.of(C, 65003);
        DesiredState before = DesiredState.of(SPEAKER).withPeers(List.of(a, b, c));
        DesiredState after = before.withPeers(List.of(a.withBfd(BfdSpec.defaults()),      // turned on
                b.withBfd(BfdSpec.defaults().withIntervals(100, 100)),                     // new timers
                c.withBfd(BfdSpec.defaults()).withSession(c.session().withHoldTime(9))));  // session too: replaced
        ApplyResult r = Reconciler.plan(before, after);
        assertThat(r.bfdChanged()).containsExactly(A, B);
        assertThat(r.replaced()).containsExactly(C);
        assertThat(r.describe()).contains("peer 10.0.0.1 BFD settings changed (the BGP session is kept)");
        assertThat(Reconciler.plan(after, before).bfdChanged()).as("and off again").containsExactly(A, B);
        assertThat(Reconciler.plan(after, after).nothingChanged()).isTrue();
    }

    @Test
    void routingSettingsAreAChangeOfTheirOwn() {
        DesiredState before = DesiredState.of(SPEAKER);
        ApplyResult r = Reconciler.plan(before, before.withRouting(RoutingSettings.DEFAULT.withPools(List.of(P1))));
        assertThat(r.routingChanged()).isTrue();
        assertThat(r.added()).isEmpty();
    }

    @Test
    void whatNeedsARestartIsRefusedWithTheFieldNamed() {
        DesiredState now = DesiredState.of(SPEAKER);
        assertThat(refused(now, now.withSpeaker(SpeakerSettings.of(64513, IpAddress.parse("10.77.0.2")))).field())
                .isEqualTo("asNumber");
        assertThat(refused(now, now.withSpeaker(SpeakerSettings.of(64512, IpAddress.parse("10.77.0.3")))).field())
                .isEqualTo("routerId");
        assertThat(refused(now, now.withSpeaker(SPEAKER.withListen(IpAddress.parse("10.77.0.2"), 179))).reason())
                .contains("needs a restart");
        SpeakerSettings restarting = SPEAKER.withGracefulRestart(new SpeakerSettings.GracefulRestart(true, true,
                java.time.Duration.ofSeconds(30)));
        assertThat(Reconciler.plan(now, now.withSpeaker(restarting)).nothingChanged())
                .as("this start's graceful-restart facts are not a change").isTrue();
    }

    static SettingException refused(DesiredState from, DesiredState to) {
        return catchThrowableOfType(SettingException.class, () -> Reconciler.plan(from, to));
    }
}
