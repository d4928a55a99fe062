package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser against lines ExaBGP 4.2.21 printed in a real run (peering with BIRD 2 for
 * unicast; BGP-LS UPDATEs from public captures replayed into it), kept as test resources. The
 * expected values are read off the BIRD configuration and the replayed bytes, not off the parser.
 */
class EventParserTest {
    private static final IpAddress BIRD = IpAddress.parse("10.77.0.2");
    private final EventParser parser = new EventParser();

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = EventParserTest.class.getResourceAsStream("/exabgp-4.2/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private List<ExabgpEvent> parseAll(String resource) throws Exception {
        List<ExabgpEvent> out = new ArrayList<>();
        for (String line : lines(resource)) {
            out.add(parser.parse(line));
        }
        return out;
    }

    @Test
    void neighbourStatesWithReasons() throws Exception {
        List<ExabgpEvent> events = parseAll("unicast-events.jsonl");
        assertThat(events.getFirst()).isEqualTo(new ExabgpEvent.StateChange(BIRD, IpAddress.parse("10.77.0.1"), 64512,
                64513, "connected", ""));
        assertThat(events.get(1)).isInstanceOfSatisfying(ExabgpEvent.StateChange.class, s -> assertThat(s.state()).isEqualTo("up"));
        ExabgpEvent.StateChange down = events.stream().filter(e -> e instanceof ExabgpEvent.StateChange s
                && s.state().equals("down")).map(ExabgpEvent.StateChange.class::cast).findFirst().orElseThrow();
        assertThat(down.reason()).contains("Cease / Administrative Shutdown");
    }

    @Test
    void ipv4AnnouncementWithItsAttributesAndNextHop() throws Exception {
        ExabgpEvent.RouteUpdate u = (ExabgpEvent.RouteUpdate) parseAll("unicast-events.jsonl").get(2);
        assertThat(u.withdrawn()).isEmpty();
        assertThat(u.announced()).containsExactly(new ExabgpEvent.Announcement(
                List.of(IpPrefix.parse("10.88.1.0/24"), IpPrefix.parse("10.88.2.0/24")), List.of(BIRD),
                List.of(PathAttribute.Origin.IGP, new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64513))))));
    }

    @Test
    void endOfRibPerFamily() throws Exception {
        List<ExabgpEvent> events = parseAll("unicast-events.jsonl");
        assertThat(events.get(3)).isEqualTo(new ExabgpEvent.EndOfRib(BIRD, AfiSafi.IPV4_UNICAST));
        assertThat(events.get(5)).isEqualTo(new ExabgpEvent.EndOfRib(BIRD, AfiSafi.IPV6_UNICAST));
    }

    @Test
    void withdrawalAndCommunity() throws Exception {
        List<ExabgpEvent> events = parseAll("unicast-events.jsonl");
        assertThat(((ExabgpEvent.RouteUpdate) events.get(6)).withdrawn()).containsExactly(IpPrefix.parse("10.88.2.0/24"));
        ExabgpEvent.Announcement a = ((ExabgpEvent.RouteUpdate) events.get(7)).announced().getFirst();
        assertThat(a.prefixes()).containsExactly(IpPrefix.parse("10.88.3.0/24"));
        // BIRD: bgp_community.add((64513,7))
        assertThat(a.attributes()).contains(new PathAttribute.Communities(List.of((64513 << 16) | 7)));
    }

    @Test
    void ipv6GlobalAndLinkLocalNextHopsMakeOneAnnouncement() throws Exception {
        ExabgpEvent.RouteUpdate u = (ExabgpEvent.RouteUpdate) parseAll("unicast-events.jsonl").get(19);
        assertThat(u.announced()).hasSize(1);
        ExabgpEvent.Announcement a = u.announced().getFirst();
        assertThat(a.prefixes()).containsExactly(IpPrefix.parse("fd88:1::/64"));
        assertThat(a.nextHops().getFirst()).isEqualTo(IpAddress.parse("fd77::2"));
        assertThat(a.nextHops().get(1).isLinkLocal()).isTrue();
    }

    @Test
    void notification() throws Exception {
        assertThat(parseAll("unicast-events.jsonl").get(8)).isEqualTo(new ExabgpEvent.NotificationEvent(BIRD, "receive", 6, 2));
    }

    @Test
    void bgpLsNodesLinksAndPrefixes() throws Exception {
        List<ExabgpEvent> events = parseAll("bgp-ls-events.jsonl");
        ExabgpEvent.LinkStateUpdate node = (ExabgpEvent.LinkStateUpdate) events.get(2);
        assertThat(node.announced()).containsExactly(new LinkStateObject.Node(2,
                new LinkStateObject.NodeDescriptor(15924, "0", null, "010134000041"), "router"));
        ExabgpEvent.LinkStateUpdate prefix = (ExabgpEvent.LinkStateUpdate) events.get(3);
        assertThat(prefix.announced()).containsExactly(new LinkStateObject.Prefix(2,
                new LinkStateObject.NodeDescriptor(15924, "0", null, "010135000041"), "10.134.2.88/30", 100L));
        ExabgpEvent.LinkStateUpdate link = (ExabgpEvent.LinkStateUpdate) events.get(4);
        assertThat(link.announced()).containsExactly(new LinkStateObject.Link(3,
                new LinkStateObject.NodeDescriptor(65001, "0", "0.0.0.0", "10.1.1.1"),
                new LinkStateObject.NodeDescriptor(65001, "0", "0.0.0.0", "10.1.4.1"), List.of("10.1.1.1"),
                List.of("10.1.1.2"), 1L));
        ExabgpEvent.LinkStateUpdate named = (ExabgpEvent.LinkStateUpdate) events.get(5);
        assertThat(((LinkStateObject.Node) named.announced().getFirst()).name()).isEqualTo("HL5MMT1-107-IXR-R6");
    }

    @Test
    void bgpLsEndOfRibAndWithdrawal() throws Exception {
        List<ExabgpEvent> events = parseAll("bgp-ls-events.jsonl");
        assertThat(events).contains(new ExabgpEvent.EndOfRib(IpAddress.parse("10.77.0.2"), EventParser.LINK_STATE));
        ExabgpEvent.LinkStateUpdate w = events.stream().filter(e -> e instanceof ExabgpEvent.LinkStateUpdate u
                && !u.withdrawn().isEmpty()).map(ExabgpEvent.LinkStateUpdate.class::cast).findFirst().orElseThrow();
        assertThat(w.withdrawn()).containsExactly(new LinkStateObject.Node(2,
                new LinkStateObject.NodeDescriptor(15924, "0", null, "010134000041"), null));
    }

    @Test
    void everyCapturedLineParses() throws Exception {
        assertThat(parseAll("unicast-events.jsonl")).hasSize(lines("unicast-events.jsonl").size());
        assertThat(parseAll("bgp-ls-events.jsonl")).hasSize(lines("bgp-ls-events.jsonl").size());
    }

    @Test
    void garbageIsRejectedWithTheReason() {
        assertThatThrownBy(() -> parser.parse("this is garbage")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse("{\"exabgp\": \"3.4\", \"type\": \"state\"}"))
                .hasMessageContaining("format '3.4' is not 4.0.1");
        assertThatThrownBy(() -> parser.parse("{\"exabgp\": \"4.0.1\", \"type\": \"update\", \"neighbor\": "
                + "{\"address\": {\"peer\": \"10.0.0.300\"}}}")).hasMessageContaining("neighbor.address.peer");
        assertThatThrownBy(() -> parser.parse("{\"exabgp\": \"4.0.1\", \"type\": \"update\", \"neighbor\": "
                + "{\"address\": {\"peer\": \"10.0.0.3\"}, \"message\": {\"update\": {\"announce\": {\"ipv4 unicast\": "
                + "{\"10.0.0.3\": [{\"nlri\": \"10.1.0.0/33\"}]}}}}}}")).hasMessageContaining("announce.ipv4 unicast.nlri");
        assertThatThrownBy(() -> parser.parse("{\"exabgp\": \"4.0.1\", \"type\": \"update\", \"neighbor\": "
                + "{\"address\": {\"peer\": \"10.0.0.3\"}, \"message\": {\"update\": {\"attribute\": {\"origin\": \"bgp\"}, "
                + "\"announce\": {}}}}}")).hasMessageContaining("attribute origin");
    }

    @Test
    void exabgpShuttingDownIsNotANeighbourEvent() throws Exception {
        List<String> lines = lines("unicast-events.jsonl");
        assertThat(parser.parse(lines.getLast())).isEqualTo(new ExabgpEvent.Ignored(null, "notification shutdown"));
    }

    @Test
    void otherEventTypesAreIgnoredNotFailed() throws Exception {
        assertThat(parser.parse("{\"exabgp\": \"4.0.1\", \"type\": \"signal\", \"code\": 1}"))
                .isEqualTo(new ExabgpEvent.Ignored(null, "signal"));
    }
}
