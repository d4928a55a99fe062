package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands are the syntax ExaBGP 4.2 accepted in a real run (its log: "route added to neighbor"). */
class ApiCommandsTest {
    private static final IpAddress TOR = IpAddress.parse("10.77.0.2");

    @Test
    void ipv4AnnouncementInBulkWithEveryAttribute() {
        Update u = new Update(List.of(), List.of(PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64512), AsPathSegment.set(1, 2))),
                new PathAttribute.MultiExitDisc(20), new PathAttribute.Communities(List.of((64512 << 16) | 5)),
                new PathAttribute.NextHop(IpAddress.parse("10.77.0.1"))),
                List.of(IpPrefix.parse("10.99.1.0/24"), IpPrefix.parse("10.99.2.0/24")));
        assertThat(ApiCommands.of(TOR, u)).containsExactly("neighbor 10.77.0.2 announce attributes origin igp "
                + "as-path [ 64512 ( 1 2 ) ] med 20 community [ 64512:5 ] next-hop 10.77.0.1 nlri 10.99.1.0/24 10.99.2.0/24");
    }

    @Test
    void ipv6ThroughMpReachAndWithdrawalsOfBothFamilies() {
        Update u = new Update(List.of(IpPrefix.parse("10.99.3.0/24")), List.of(PathAttribute.Origin.IGP,
                new PathAttribute.AsPath(List.of()),
                new PathAttribute.MpUnreach(AfiSafi.IPV6_UNICAST, List.of(IpPrefix.parse("fd99:2::/64"))),
                new PathAttribute.MpReach(AfiSafi.IPV6_UNICAST, List.of(IpAddress.parse("fd77::1")),
                        List.of(IpPrefix.parse("fd99:1::/64")))), List.of());
        assertThat(ApiCommands.of(TOR, u)).containsExactly(
                "neighbor 10.77.0.2 withdraw attributes next-hop self nlri 10.99.3.0/24 fd99:2::/64",
                "neighbor 10.77.0.2 announce attributes origin igp as-path [ ] next-hop fd77::1 nlri fd99:1::/64");
    }

    @Test
    void endOfRibIsLeftToExabgp() {
        assertThat(ApiCommands.of(TOR, Update.endOfRib(AfiSafi.IPV4_UNICAST))).isEmpty();
        assertThat(ApiCommands.of(TOR, Update.endOfRib(AfiSafi.IPV6_UNICAST))).isEmpty();
    }
}
