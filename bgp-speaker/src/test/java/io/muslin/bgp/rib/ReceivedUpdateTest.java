package io.muslin.bgp.rib;

import static io.muslin.bgp.rib.RibHarness.announce;
import static io.muslin.bgp.rib.RibHarness.attrs;
import static io.muslin.bgp.rib.RibHarness.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedUpdateTest {
    @Test
    void endOfRibIsOnlyThat() {
        ReceivedUpdate v4 = ReceivedUpdate.of(Update.endOfRib(AfiSafi.IPV4_UNICAST), List.of());
        ReceivedUpdate v6 = ReceivedUpdate.of(Update.endOfRib(AfiSafi.IPV6_UNICAST), List.of());
        assertThat(v4.endOfRib()).isEqualTo(AfiSafi.IPV4_UNICAST);
        assertThat(v6.endOfRib()).isEqualTo(AfiSafi.IPV6_UNICAST);
        assertThat(v4.announced()).isEmpty();
        assertThat(v4.decoded()).isNull();
    }

    @Test
    void prefixesOfBothFamiliesAndTheSetDecodedAndPacked() {
        List<PathAttribute> a = new ArrayList<>(attrs("path", path(65001), "nh", "10.0.0.1"));
        IpAddress hop6 = IpAddress.parse("fd00::1");
        a.add(new PathAttribute.MpReach(AfiSafi.IPV6_UNICAST, List.of(hop6), List.of(IpPrefix.parse("fd00:1::/64"))));
        a.add(new PathAttribute.MpUnreach(AfiSafi.IPV6_UNICAST, List.of(IpPrefix.parse("fd00:2::/64"))));
        Update u = new Update(List.of(IpPrefix.parse("10.9.0.0/16")), a, List.of(IpPrefix.parse("10.1.0.0/16")));
        ReceivedUpdate r = ReceivedUpdate.of(u, List.of());
        assertThat(r.endOfRib()).isNull();
        assertThat(r.withdrawn()).containsExactly(IpPrefix.parse("10.9.0.0/16"), IpPrefix.parse("fd00:2::/64"));
        assertThat(r.announced()).containsExactly(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("fd00:1::/64"));
        assertThat(r.decoded().nextHops()).as("MP_REACH's next hops win").containsExactly(hop6);
        assertThat(r.packed().isPacked()).isTrue();
        assertThat(r.packed()).isEqualTo(r.decoded());
    }

    @Test
    void anEqualNextHopListIsTheSendersPreviousOne() {
        List<IpAddress> last = List.of(IpAddress.parse("10.0.0.1"));
        ReceivedUpdate same = ReceivedUpdate.of(announce(attrs("path", path(65001), "nh", "10.0.0.1"), "10.1.0.0/16"), last);
        ReceivedUpdate other = ReceivedUpdate.of(announce(attrs("path", path(65001), "nh", "10.0.0.2"), "10.1.0.0/16"), last);
        assertThat(same.decoded().nextHops()).isSameAs(last);
        assertThat(other.decoded().nextHops()).containsExactly(IpAddress.parse("10.0.0.2"));
        assertThat(other.nextHopsOr(last)).isSameAs(other.decoded().nextHops());
    }
}
