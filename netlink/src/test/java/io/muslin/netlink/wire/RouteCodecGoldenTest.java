package io.muslin.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Route;
import io.muslin.netlink.RouteType;
import io.muslin.netlink.Rt;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Each route message Muslin encodes equals, byte for byte, what iproute2 6.1 sent for the same
 * command (captured with strace; see the header of each vector), and decodes back to the same route.
 */
class RouteCodecGoldenTest {
    private static final int VETH0 = 3;
    private static final int P = 77;

    private static void assertGolden(String name, Route r, int type, int flags) {
        byte[] golden = Golden.load(name);
        NlWriter w = new NlWriter();
        if (type == Nl.RTM_DELROUTE) {
            RouteCodec.encodeDel(w, r, flags, Golden.seq(golden));
        } else {
            RouteCodec.encodeNew(w, r, flags, Golden.seq(golden));
        }
        assertThat(HexFormat.of().formatHex(w.toByteArray())).as(name).isEqualTo(HexFormat.of().formatHex(golden));
        Route back = RouteCodec.decode(Golden.message(golden));
        if (type == Nl.RTM_DELROUTE) {
            assertThat(back.scope()).isEqualTo(Rt.SCOPE_NOWHERE);
            assertThat(back.type()).isEqualTo(RouteType.UNSPEC);
            assertThat(back.toBuilder().scope(r.scope()).type(r.type()).build()).isEqualTo(r);
        } else {
            assertThat(back).as(name + " decoded").isEqualTo(r);
        }
    }

    @Test
    void routeAddViaGatewayDev() {
        assertGolden("route_add", Route.to("10.1.0.0/24").via("10.0.0.2").dev(VETH0).protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void routeReplaceIsCreateReplace() {
        assertGolden("route_replace", Route.to("10.1.0.0/24").via("10.0.0.2").dev(VETH0).protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.REPLACE_FLAGS);
    }

    @Test
    void routeDelUsesScopeNowhere() {
        assertGolden("route_del", Route.to("10.1.0.0/24").via("10.0.0.2").dev(VETH0).protocol(P).build(),
                Nl.RTM_DELROUTE, RouteCodec.DEL_FLAGS);
    }

    @Test
    void blackholeAndUnreachable() {
        assertGolden("route_blackhole", Route.to("10.2.0.0/26").blackhole().protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
        assertGolden("route_unreachable", Route.to("10.3.0.0/26").type(RouteType.UNREACHABLE).protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void onlinkSetsRtnhFlag() {
        assertGolden("route_onlink", Route.to("10.4.0.0/24").via("192.168.9.9").dev(VETH0).onlink().protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void multipathWithWeights() {
        Route r = Route.to("10.5.0.0/24").protocol(P)
                .nextHop(new NextHop(IpAddress.parse("10.0.0.2"), VETH0, 1, false))
                .nextHop(new NextHop(IpAddress.parse("10.0.0.3"), VETH0, 2, false)).build();
        assertGolden("route_multipath", r, Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void mtuMetricIsNested() {
        assertGolden("route_mtu", Route.to("10.6.0.0/24").via("10.0.0.2").dev(VETH0).protocol(P).mtu(1430).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void tableAbove255GoesInRtaTable() {
        assertGolden("route_table", Route.to("10.7.0.0/24").via("10.0.0.2").dev(VETH0).protocol(P).table(1000).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void ipv6() {
        assertGolden("route_v6", Route.to("2001:db8:1::/64").via("2001:db8::2").dev(VETH0).protocol(P).build(),
                Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }

    @Test
    void hostRouteScopeLink() {
        Route r = Route.to("10.8.0.5/32").dev(VETH0).protocol(P).build();
        assertThat(r.scope()).isEqualTo(Rt.SCOPE_LINK);
        assertGolden("route_host32", r, Nl.RTM_NEWROUTE, RouteCodec.ADD_FLAGS);
    }
}
