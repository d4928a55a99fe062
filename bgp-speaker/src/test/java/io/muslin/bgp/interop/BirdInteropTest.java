package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.speaker.ApplyResult;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BirdInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new Bird(testName.startsWith("ttlSecurity") ? "  ttl security on;" : "");
    }

    /** RFC 5082 both ways: BIRD sends with TTL 255 and checks; Muslin too. */
    @Test
    void ttlSecurityOnBothSidesEstablishes() throws Exception {
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9, p -> p.withSession(p.session().withTtlSecurity(1)));
        awaitEstablished();
        awaitRoutesBothWays();
    }

    /**
     * Muslin requires TTL 255 but BIRD (no GTSM, eBGP) sends with TTL 1: nothing gets through,
     * and the reason is the TTL check. The kernel of Muslin's namespace counts every TCP segment it
     * drops for arriving below the socket's IP_MINTTL (TcpExtTCPMinTTLDrop, per namespace), so
     * the refusal is proved by that counter growing, not by a session that merely is not up yet.
     * ttlSecurityOnBothSidesEstablishes is the positive control: same peers, BIRD sending with TTL
     * 255, established.
     */
    @Test
    void gtsmRejectsAPeerThatDoesNotSendWithTtl255() throws Exception {
        long before = kernelCounter(m, "TcpExtTCPMinTTLDrop");
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9, p -> p.withSession(p.session().withTtlSecurity(1)));
        Interop.waitFor("the kernel drops BIRD's segments for their TTL (TcpExtTCPMinTTLDrop)",
                () -> kernelCounter(m, "TcpExtTCPMinTTLDrop") >= before + 3);
        assertThat(peer(P4).state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(peer(P4).messagesReceived()).as("no BGP message got past the TTL check").isZero();
        assertThat(((Bird) daemon).birdc("show protocols muslin4")).doesNotContain("Established");
    }

    // ---- import filters and max-prefix against a BIRD that sends what should be rejected ----

    static final List<String> MIXED = List.of("10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/25", "192.168.0.0/16", "0.0.0.0/0");

    @Test
    void importFilterKeepsOnlyWhatItAccepts() throws Exception {
        startDaemon(65001, 64512, null, 9, MIXED);
        // Built from plain text values, as the agent builds filters from a BGPFilter resource.
        Filter rack24s = new Filter("rack-24s", List.of(
                FilterRule.parse("Accept", "In", "10.1.0.0/16", 24, 24, List.of(), List.of(),
                        List.of(FilterRule.addCommunity("64512:7"), FilterRule.setLocalPreference(250))),
                FilterRule.parse("Reject", null, null, null, null, List.of(), List.of(), List.of())));
        startMuslin(64512, 65001, null, 9, p -> p.withPolicy(p.policy().withImportFilters(List.of(rack24s))));
        awaitEstablished();
        Interop.waitFor("the two /24s accepted", () -> received(P4).size() == 2);
        Thread.sleep(500);
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactlyInAnyOrder("10.1.1.0/24", "10.1.2.0/24");
        assertThat(received(P4).values()).allSatisfy(a -> {
            assertThat(a.localPref()).isEqualTo(250);
            assertThat(a.find(io.muslin.bgp.wire.PathAttribute.Communities.class).values()).containsExactly((64512 << 16) | 7);
        });
        int receivedBeforePolicy = muslin.rib().query(c -> c.peer(P4).receivedPrefixes()).join();
        assertThat(receivedBeforePolicy).as("Adj-RIB-In keeps everything BIRD sent").isEqualTo(MIXED.size());
    }

    @Test
    void tooManyPrefixesEndTheSessionWithCease61AndItStaysDownForTheRestartDelay() throws Exception {
        startDaemon(65001, 64512, null, 9, MIXED);
        startMuslin(64512, 65001, null, 9, p -> p.withPolicy(p.policy().withMaxPrefix(new PeerPolicy.MaxPrefix(3, false, Duration.ofSeconds(60)))));
        Interop.waitFor("max-prefix reset", () -> peer(P4).lastDownReason().contains("6/1"));
        assertThat(peer(P4).lastDownReason()).isEqualTo("notification-sent 6/1 maximum-prefixes-reached");
        Interop.waitFor("BIRD saw the Cease", () -> {
            try {
                return Files.readString(dir.resolve("bird.log")).contains("Maximum number of prefixes reached");
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(4000);
        assertThat(peer(P4).state()).as("no reconnect before the restart delay").isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(received(P4)).as("the peer's routes are gone with its session").isEmpty();
        assertThat(peer(P6).state()).as("the IPv6 session is not touched").isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void maxPrefixWarningKeepsTheSession() throws Exception {
        startDaemon(65001, 64512, null, 9, MIXED);
        startMuslin(64512, 65001, null, 9, p -> p.withPolicy(p.policy().withMaxPrefix(new PeerPolicy.MaxPrefix(3, true, Duration.ofSeconds(60)))));
        awaitEstablished();
        Interop.waitFor("all routes accepted", () -> received(P4).size() == MIXED.size());
        Thread.sleep(Duration.ofSeconds(1));
        assertThat(peer(P4).state()).isEqualTo(SessionState.ESTABLISHED);
    }

    /** ROUTE-REFRESH both ways (RFC 2918): BIRD asks and Muslin sends its routes again; Muslin asks and BIRD does. */
    @Test
    void routeRefreshInAndOut() throws Exception {
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9);
        awaitEstablished();
        awaitRoutesBothWays();
        long sentBefore = peer(P4).messagesSent();
        ((Bird) daemon).birdc("reload in muslin4");
        Interop.waitFor("Muslin answers BIRD's ROUTE-REFRESH with its routes", () -> peer(P4).messagesSent() >= sentBefore + 2);
        long receivedBefore = peer(P4).messagesReceived();
        assertThat(peer(P4).requestRouteRefresh(io.muslin.bgp.wire.AfiSafi.IPV4_UNICAST)).isTrue();
        Interop.waitFor("BIRD answers Muslin's ROUTE-REFRESH", () -> peer(P4).messagesReceived() >= receivedBefore + 1);
        assertThat(peer(P4).state()).isEqualTo(SessionState.ESTABLISHED);
        awaitRoutesBothWays();
    }

    // ---- routing settings changed while the sessions run --------------------------------------

    /**
     * BIRD as another node of the cluster (iBGP, a mesh peer): its prefix outside Muslin's pools is
     * rejected, then accepted once the pool that holds it is added, and the session never resets.
     */
    @Test
    void aPoolAddedAtRuntimeLetsAMeshPeersPrefixInWithoutAReset() throws Exception {
        startDaemon(64512, 64512, null, 9, List.of("10.1.1.0/24", "10.99.1.0/24"));
        DesiredState first = muslinState(64512, 64512, null, 9, p -> p.withDescription("node-to-node mesh")
                .withPolicy(p.policy().withMeshPeer(true)))
                .withRouting(RoutingSettings.DEFAULT.withPools(List.of(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("fd01::/16"))));
        startMuslin(first);
        awaitEstablished();
        Interop.waitFor("the pool's prefix accepted", () -> received(P4).size() == 1);
        Thread.sleep(500);
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactly("10.1.1.0/24");
        assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().prefixesReceived()).as("kept before policy").isEqualTo(2);
        Instant since = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().establishedSince();

        ApplyResult r = muslin.apply(first.withRouting(first.routing().withPools(List.of(IpPrefix.parse("10.1.0.0/16"),
                IpPrefix.parse("fd01::/16"), IpPrefix.parse("10.99.0.0/16")))));
        assertThat(r.routingChanged()).isTrue();
        assertThat(r.replaced()).isEmpty();
        Interop.waitFor("the prefix in the new pool accepted", () -> received(P4).size() == 2);
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactlyInAnyOrder("10.1.1.0/24", "10.99.1.0/24");
        PeerStatus after = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow();
        assertThat(after.establishedSince()).as("the session did not reset").isEqualTo(since);
        assertThat(after.notificationsSent()).isEmpty();
        assertThat(after.description()).isEqualTo("node-to-node mesh");
        assertThat(((Bird) daemon).birdc("show protocols muslin4")).contains("Established");
    }

    /** A next-hop-self address set at runtime: BIRD gets Muslin's routes again with it, same session. */
    @Test
    void aNextHopSetAtRuntimeReachesBirdWithoutAReset() throws Exception {
        startDaemon(65001, 64512, null, 9);
        DesiredState first = muslinState(64512, 65001, null, 9, UnaryOperator.identity());
        startMuslin(first);
        awaitEstablished();
        awaitRoutesBothWays();
        Bird bird = (Bird) daemon;
        assertThat(bird.birdc("show route all 10.244.1.0/26")).contains("BGP.next_hop: " + M4);
        Instant since = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().establishedSince();

        muslin.apply(first.withRouting(first.routing().withNextHops(IpAddress.parse("10.77.0.5"), null)));
        Interop.waitFor("BIRD sees the new next hop", () -> bird.birdc("show route all 10.244.1.0/26")
                .contains("BGP.next_hop: 10.77.0.5"));
        assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().establishedSince()).isEqualTo(since);
        assertThat(bird.birdc("show protocols muslin4")).contains("Established");
    }
}
