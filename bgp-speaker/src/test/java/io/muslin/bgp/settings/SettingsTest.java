package io.muslin.bgp.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every value checks itself; a bad one names its field and the reason, and callers put their path in front. */
class SettingsTest {
    static final IpAddress ROUTER = IpAddress.parse("10.77.0.2");

    static SettingException problem(Executable build) {
        SettingException e = catchThrowableOfType(SettingException.class, build::execute);
        assertThat(e).as("a SettingException").isNotNull();
        return e;
    }

    @Test
    void bfdValues() {
        assertThat(BfdSpec.defaults()).isEqualTo(new BfdSpec(300, 300, 3, false));
        assertThat(problem(() -> BfdSpec.defaults().withIntervals(0, 300)).field()).isEqualTo("minRxMs");
        assertThat(problem(() -> BfdSpec.defaults().withIntervals(300, 3_600_001)).field()).isEqualTo("minTxMs");
        assertThat(problem(() -> BfdSpec.defaults().withMultiplier(256)).reason()).isEqualTo("256 is outside 1..255");
        assertThat(problem(() -> new PeerSpec(ROUTER, "", SessionSpec.of(1), PeerPolicy.DEFAULT,
                new BfdSpec(300, 300, 0, false))).field()).isEqualTo("multiplier");
    }

    @Test
    void sessionValues() {
        assertThat(problem(() -> SessionSpec.of(65001).withHoldTime(2)).field()).isEqualTo("holdTime");
        assertThat(problem(() -> SessionSpec.of(0)).field()).isEqualTo("asNumber");
        assertThat(problem(() -> SessionSpec.of(70_000_000_000L)).reason()).contains("outside 1..4294967295");
        assertThat(problem(() -> SessionSpec.of(65001).withPort(0)).field()).isEqualTo("port");
        assertThat(problem(() -> SessionSpec.of(65001).withPassword("x".repeat(81))).field()).isEqualTo("password");
        assertThat(problem(() -> SessionSpec.of(65001).withTtlSecurity(255)).field()).isEqualTo("ttlSecurity");
        assertThat(problem(() -> SessionSpec.of(65001).withConnectRetry(Duration.ZERO)).field()).isEqualTo("connectRetry");
        assertThat(problem(() -> SessionSpec.of(65001).withFamilies(List.of())).field()).isEqualTo("families");
        assertThat(problem(() -> SessionSpec.of(65001).withFamilies(List.of(AfiSafi.IPV4_UNICAST, new AfiSafi(1, 128))))
                .field()).isEqualTo("families[1]");
        assertThat(problem(() -> SessionSpec.parseFamily("vpnv4", "families[0]")).reason()).contains("not ipv4-unicast");
        assertThat(problem(() -> SessionSpec.of(65001).withGracefulRestartTime(4096)).field()).isEqualTo("gracefulRestartTime");
    }

    @Test
    void peerAndSpeakerValues() {
        SessionSpec v6Source = SessionSpec.of(65001).withLocalAddress(IpAddress.parse("fd00::2"));
        assertThat(problem(() -> new PeerSpec(IpAddress.parse("10.0.0.1"), "", v6Source, PeerPolicy.DEFAULT)).field())
                .isEqualTo("localAddress");
        assertThat(problem(() -> PeerSpec.of(IpAddress.parse("0.0.0.0"), 65001)).field()).isEqualTo("address");
        assertThat(problem(() -> SpeakerSettings.of(64512, IpAddress.parse("0.0.0.0"))).reason())
                .contains("not a valid BGP identifier");
        assertThat(problem(() -> SpeakerSettings.of(64512, IpAddress.parse("fd00::1"))).field()).isEqualTo("routerId");
        assertThat(problem(() -> RoutingSettings.DEFAULT.withNextHops(IpAddress.parse("fd00::1"), null)).field())
                .isEqualTo("nextHopIPv4");
        assertThat(problem(() -> RoutingSettings.DEFAULT.withClusterId(IpAddress.parse("0.0.0.0"))).field())
                .isEqualTo("clusterId");
        assertThat(problem(() -> new PeerPolicy.MaxPrefix(0, false, Duration.ZERO)).field()).isEqualTo("maxPrefix.limit");
        assertThat(problem(() -> PeerPolicy.NextHopMode.parse("Sometimes")).reason()).contains("not Auto, Self or Keep");
        assertThat(problem(() -> new OriginatedRoute(IpPrefix.parse("10.244.1.0/26"), List.of(PathAttribute.Origin.IGP)))
                .field()).isEqualTo("attributes[0]");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        PeerSpec p = PeerSpec.of(IpAddress.parse("10.0.0.1"), 65001).withSession(SessionSpec.of(65001).withPassword("s3cret-key"));
        assertThat(p.toString()).doesNotContain("s3cret-key").contains("password=(set)");
        assertThat(DesiredState.of(SpeakerSettings.of(64512, ROUTER)).withPeers(List.of(p)).toString()).doesNotContain("s3cret-key");
    }

    @Test
    void aDesiredStateNamesTheListEntry() {
        SpeakerSettings speaker = SpeakerSettings.of(64512, ROUTER);
        PeerSpec a = PeerSpec.of(IpAddress.parse("10.0.0.1"), 65001);
        SettingException twice = problem(() -> DesiredState.of(speaker).withPeers(List.of(a, PeerSpec.of(IpAddress.parse("10.0.0.2"),
                65002), a.withDescription("again"))));
        assertThat(twice.field()).isEqualTo("peers[2].address");
        assertThat(twice.reason()).contains("configured twice").contains("peers[0]");
        OriginatedRoute own = OriginatedRoute.of(IpPrefix.parse("10.244.1.0/26"));
        assertThat(problem(() -> DesiredState.of(speaker).withOriginated(List.of(own, own))).field())
                .isEqualTo("originated[1].prefix");
    }

    @Test
    void callersPutTheirPathInFront() {
        SettingException e = problem(() -> SessionSpec.of(65001).withHoldTime(1));
        assertThat(e.under("peers[2]").field()).isEqualTo("peers[2].holdTime");
        assertThat(e.under("spec").getMessage()).startsWith("spec.holdTime: 1 s is not allowed");
        assertThat(new SettingException("[1]", "is missing").under("peers").field()).isEqualTo("peers[1]");
    }

    @Test
    void filterRulesFromPlainTextValues() {
        FilterRule r = FilterRule.parse("Accept", "In", "10.244.0.0/16", 26, 32, List.of("64512:100", "no-export"),
                List.of("65001"), List.of(FilterRule.addCommunity("64512:7"), FilterRule.prependAsPath(List.of("64512", "64512")),
                        FilterRule.setLocalPreference(200)));
        assertThat(r.action()).isEqualTo(FilterRule.Action.ACCEPT);
        assertThat(r.operator()).isEqualTo(FilterRule.MatchOperator.IN);
        assertThat(r.cidr()).isEqualTo(IpPrefix.parse("10.244.0.0/16"));
        assertThat(r.communities()).containsExactly((64512 << 16) | 100, PathAttribute.Communities.NO_EXPORT);
        assertThat(r.asPathPrefix()).containsExactly(65001L);
        assertThat(r.operations()).containsExactly(new FilterRule.Operation.AddCommunity((64512 << 16) | 7),
                new FilterRule.Operation.PrependAsPath(List.of(64512L, 64512L)), new FilterRule.Operation.SetLocalPreference(200));

        assertThat(problem(() -> FilterRule.parse("Allow", null, null, null, null, List.of(), List.of(), List.of())).field())
                .isEqualTo("action");
        assertThat(problem(() -> FilterRule.parse("Accept", "Within", "10.0.0.0/8", null, null, List.of(), List.of(), List.of()))
                .field()).isEqualTo("matchOperator");
        assertThat(problem(() -> FilterRule.parse("Accept", "In", "10.0.0.1/8", null, null, List.of(), List.of(), List.of()))
                .reason()).contains("host bits set");
        assertThat(problem(() -> FilterRule.parse("Accept", null, "10.0.0.0/8", null, null, List.of(), List.of(), List.of()))
                .field()).isEqualTo("matchOperator");
        assertThat(problem(() -> FilterRule.parse("Accept", "Equal", "10.0.0.0/8", 9, null, List.of(), List.of(), List.of()))
                .field()).isEqualTo("prefixLength");
        assertThat(problem(() -> FilterRule.parse("Accept", "In", "10.0.0.0/8", 24, 33, List.of(), List.of(), List.of()))
                .field()).isEqualTo("prefixLength.max");
        assertThat(problem(() -> FilterRule.parse("Accept", "In", "10.0.0.0/8", 4, null, List.of(), List.of(), List.of()))
                .field()).isEqualTo("prefixLength.min");
        assertThat(problem(() -> FilterRule.parse("Accept", null, null, null, null, List.of("1:2", "70000:1"), List.of(),
                List.of())).field()).isEqualTo("communities[1]");
        assertThat(problem(() -> FilterRule.parse("Accept", null, null, null, null, List.of(), List.of("0"), List.of()))
                .field()).isEqualTo("asPathPrefix[0]");
        assertThat(problem(() -> FilterRule.addCommunity("64512")).field()).isEqualTo("addCommunity");
        assertThat(problem(() -> FilterRule.prependAsPath(List.of("64512", "x"))).field()).isEqualTo("prependASPath[1]");
        assertThat(problem(() -> FilterRule.parse("Reject", null, null, null, null, List.of(), List.of(),
                List.of(FilterRule.setLocalPreference(1)))).field()).isEqualTo("operations");
        assertThat(problem(() -> new Filter(" ", List.of())).field()).isEqualTo("name");
    }
}
