package io.muslin.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteCollectorTest {
    static Update announce(String prefix, long... path) {
        return new Update(List.of(), List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.sequence(path),
                new PathAttribute.NextHop(InetAddress.ofLiteral("10.0.0.1"))), List.of(IpPrefix.parse(prefix)));
    }

    @Test
    void keepsAnnouncedRoutesPerPeerAndForgetsWithdrawnOnes() {
        RouteCollector c = new RouteCollector(64512, List.of(IpPrefix.parse("10.244.0.0/26")));
        c.apply("a", announce("10.1.0.0/16", 65001));
        c.apply("b", announce("10.1.0.0/16", 65002));
        c.apply("b", announce("10.2.0.0/16", 65002));
        assertThat(c.prefixesReceived("a")).isEqualTo(1);
        assertThat(c.prefixesReceived("b")).isEqualTo(2);
        assertThat(c.locRibRoutes()).isEqualTo(3);
        c.apply("b", new Update(List.of(IpPrefix.parse("10.2.0.0/16")), List.of(), List.of()));
        assertThat(c.locRibRoutes()).isEqualTo(2);
        assertThat(c.dropPeer("a")).hasSize(1);
        assertThat(c.locRibRoutes()).isEqualTo(2);
        c.dropPeer("b");
        assertThat(c.locRibRoutes()).isEqualTo(1);
    }

    @Test
    void routeWithOurAsInItsPathIsALoopAndReplacesAnEarlierOne() {
        RouteCollector c = new RouteCollector(64512, List.of());
        c.apply("a", announce("10.1.0.0/16", 65001));
        List<RouteCollector.Change> changes = c.apply("a", announce("10.1.0.0/16", 65001, 64512));
        assertThat(changes).containsExactly(new RouteCollector.Change.Withdrawn("a", IpPrefix.parse("10.1.0.0/16")));
        assertThat(c.prefixesReceived("a")).isZero();
    }
}
