package io.muslin.netlink.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.NextHop;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.testing.Netns;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real kernel, in a namespace created per test: what we write, {@code ip} reads back, and the other way round. */
class LinuxNetlinkTest {
    private static final int P = 77;
    private Netns ns;
    private LinuxNetlink nl;
    private int veth0;

    @BeforeEach
    void setUp() {
        ns = Scratch.namespace();
        nl = LinuxNetlink.openIn(ns.name());
        nl.linkAdd(new LinkSpec.Veth("veth0", "veth1"));
        veth0 = nl.linkByName("veth0").orElseThrow().index();
        int veth1 = nl.linkByName("veth1").orElseThrow().index();
        nl.linkSetUp(veth0, true);
        nl.linkSetUp(veth1, true);
        nl.addrAdd(Addr.of(veth0, "10.0.0.1/24"));
    }

    @AfterEach
    void tearDown() {
        if (nl != null) {
            nl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void linksAndAddressesAreSeenByIproute2() {
        Link l = nl.linkByName("veth0").orElseThrow();
        assertThat(l.kind()).isEqualTo("veth");
        assertThat(l.up()).isTrue();
        assertThat(ns.exec("ip", "-o", "addr", "show", "dev", "veth0")).contains("10.0.0.1/24");
        assertThat(nl.addrList(IpAddress.AF_INET)).contains(new Addr(veth0, InterfaceAddress.parse("10.0.0.1/24"), 0, Addr.IFA_F_PERMANENT, "veth0"));
        nl.linkSetMtu(veth0, 1400);
        nl.linkSetAddress(veth0, MacAddress.parse("02:00:0a:00:00:01"));
        assertThat(ns.exec("ip", "link", "show", "veth0")).contains("mtu 1400").contains("02:00:0a:00:00:01");
        nl.addrDel(Addr.of(veth0, "10.0.0.1/24"));
        assertThat(ns.exec("ip", "-o", "addr", "show", "dev", "veth0")).doesNotContain("10.0.0.1");
    }

    @Test
    void routeVerbsMatchIproute2() {
        Route r = Route.to("10.1.0.0/24").via("10.0.0.2").dev(veth0).protocol(P).build();
        nl.routeAdd(r);
        assertThat(ns.exec("ip", "route", "show", "proto", "77")).contains("10.1.0.0/24 via 10.0.0.2 dev veth0");
        assertThat(nl.routeList(IpAddress.AF_INET)).contains(r);
        assertThatThrownBy(() -> nl.routeAdd(r))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("route add 10.1.0.0/24 via 10.0.0.2")
                .hasMessageContaining("EEXIST")
                .satisfies(e -> assertThat(((NetlinkException) e).request()).isEqualTo(new Request.RouteAdd(r)));
        Route moved = r.toBuilder().via("10.0.0.3").mtu(1400).build();
        nl.routeReplace(moved);
        assertThat(ns.exec("ip", "route", "show", "10.1.0.0/24")).contains("via 10.0.0.3").contains("mtu 1400");
        nl.routeDel(moved);
        assertThat(ns.exec("ip", "route", "show", "proto", "77")).isBlank();
        assertThatThrownBy(() -> nl.routeDel(moved)).hasMessageContaining("ESRCH");
    }

    @Test
    void blackholeOnlinkMultipathAndIpv6() {
        ns.exec("ip", "-6", "addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad");
        Route bh = Route.to("10.2.0.0/26").blackhole().protocol(P).build();
        Route onlink = Route.to("10.4.0.0/24").via("192.168.9.9").dev(veth0).onlink().protocol(P).build();
        Route ecmp = Route.to("10.5.0.0/24").protocol(P)
                .nextHop(new NextHop(IpAddress.parse("10.0.0.2"), veth0, 1, false))
                .nextHop(new NextHop(IpAddress.parse("10.0.0.3"), veth0, 2, false)).build();
        Route v6 = Route.to("2001:db8:1::/64").via("2001:db8::2").dev(veth0).protocol(P).build();
        for (Route r : List.of(bh, onlink, ecmp, v6)) {
            nl.routeAdd(r);
        }
        String shown = ns.exec("ip", "route", "show", "proto", "77");
        assertThat(shown).contains("blackhole 10.2.0.0/26").contains("10.4.0.0/24 via 192.168.9.9 dev veth0 onlink")
                .contains("nexthop via 10.0.0.3 dev veth0 weight 2");
        assertThat(ns.exec("ip", "-6", "route", "show", "proto", "77")).contains("2001:db8:1::/64 via 2001:db8::2 dev veth0");
        List<Route> dumped = nl.routeList(0);
        assertThat(dumped).contains(bh, onlink, ecmp);
        assertThat(dumped).anySatisfy(r -> {
            assertThat(r.dst()).isEqualTo(v6.dst());
            assertThat(r.gateway()).isEqualTo(v6.gateway());
            assertThat(r.protocol()).isEqualTo(P);
        });
    }

    @Test
    void batchMapsEachErrorBackToItsRequest() {
        Route a = Route.to("10.10.0.0/24").via("10.0.0.2").dev(veth0).protocol(P).build();
        Route unreachableGw = Route.to("10.11.0.0/24").via("172.31.0.9").dev(veth0).protocol(P).build();
        Route c = Route.to("10.12.0.0/24").via("10.0.0.2").dev(veth0).protocol(P).build();
        BatchResult res = nl.apply(new Batch().routeAdd(a).routeAdd(a).routeAdd(unreachableGw).routeAdd(c)
                .routeDel(Route.to("10.99.0.0/24").protocol(P).build()));
        assertThat(res.sent()).isEqualTo(5);
        assertThat(res.failures()).extracting(NetlinkException::errnoName).containsExactly("EEXIST", "ENETUNREACH", "ESRCH");
        assertThat(res.failures().get(0).request()).isEqualTo(new Request.RouteAdd(a));
        assertThat(res.failures().get(1).request()).isEqualTo(new Request.RouteAdd(unreachableGw));
        assertThat(res.failures().get(1).getMessage()).contains("10.11.0.0/24 via 172.31.0.9").contains("ENETUNREACH");
        assertThat(ns.exec("ip", "route", "show", "proto", "77")).contains("10.10.0.0/24").contains("10.12.0.0/24")
                .doesNotContain("10.11.0.0");
    }

    @Test
    void largeBatchesSpanManyDatagramsAndDumpBack() {
        int n = 20_000;
        Batch add = new Batch();
        Batch del = new Batch();
        for (int i = 0; i < n; i++) {
            Route r = Route.to(IpPrefix.host(IpAddress.v4(0x0a800000 + i))).via("10.0.0.2").dev(veth0).protocol(P).build();
            add.routeAdd(r);
            del.routeDel(r);
        }
        assertThat(nl.apply(add).ok()).isTrue();
        assertThat(nl.routeList(IpAddress.AF_INET).stream().filter(r -> r.protocol() == P)).hasSize(n);
        assertThat(ns.exec("sh", "-c", "ip route show proto 77 | wc -l").trim()).isEqualTo(String.valueOf(n));
        assertThat(nl.apply(del).ok()).isTrue();
        assertThat(nl.routeList(IpAddress.AF_INET).stream().filter(r -> r.protocol() == P)).isEmpty();
    }

    @Test
    void vxlanNeighbourAndFdb() {
        IpAddress remote = IpAddress.parse("10.0.0.9");
        MacAddress mac = MacAddress.fromIpv4(remote);
        nl.linkAdd(new LinkSpec.Vxlan("vxlan.muslin", 4096, IpAddress.parse("10.0.0.1"), 4789, false, 1450,
                MacAddress.fromIpv4(IpAddress.parse("10.0.0.1"))));
        Link vx = nl.linkByName("vxlan.muslin").orElseThrow();
        assertThat(vx.info()).isEqualTo(new LinkSpec.Vxlan("vxlan.muslin", 4096, IpAddress.parse("10.0.0.1"), 4789, false, 0, null));
        assertThat(vx.mtu()).isEqualTo(1450);
        assertThat(vx.address()).isEqualTo(MacAddress.parse("02:4d:0a:00:00:01"));
        nl.linkSetUp(vx.index(), true);
        nl.neighReplace(Neigh.permanent(vx.index(), remote, mac));
        nl.apply(new Batch().fdbAppend(Neigh.fdb(vx.index(), mac, remote))).throwIfFailed();
        assertThat(ns.exec("ip", "neigh", "show", "dev", "vxlan.muslin")).contains("10.0.0.9 lladdr 02:4d:0a:00:00:09 PERMANENT");
        assertThat(ns.exec("bridge", "fdb", "show", "dev", "vxlan.muslin")).contains("02:4d:0a:00:00:09 dst 10.0.0.9 self permanent");
        assertThat(nl.neighList(Neigh.AF_BRIDGE)).contains(Neigh.fdb(vx.index(), mac, remote));
        assertThat(nl.neighList(IpAddress.AF_INET)).anySatisfy(x -> assertThat(x.dst()).isEqualTo(remote));
        nl.neighDel(Neigh.fdb(vx.index(), mac, remote));
        assertThat(ns.exec("bridge", "fdb", "show", "dev", "vxlan.muslin")).doesNotContain("dst 10.0.0.9");
        nl.linkDel(vx.index());
        assertThat(nl.linkByName("vxlan.muslin")).isEmpty();
    }

    @Test
    void ipipEitherWorksOrSaysThisKernelHasNoIpip() {
        try {
            nl.linkAdd(new LinkSpec.Ipip("tunl9", IpAddress.parse("10.0.0.1")));
            assertThat(nl.linkByName("tunl9").orElseThrow().kind()).isEqualTo("ipip");
        } catch (NetlinkException e) {
            // The host kernel here is built without CONFIG_NET_IPIP: RTM_NEWLINK kind ipip -> EOPNOTSUPP.
            assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
            assertThat(e.getMessage()).contains("link add").contains("tunl9");
        }
    }

    @Test
    void moveLinkToAnotherNamespace() {
        try (Netns other = Scratch.namespace()) {
            nl.linkSetNetns(nl.linkByName("veth1").orElseThrow().index(), other.name());
            assertThat(nl.linkByName("veth1")).isEmpty();
            assertThat(other.exec("ip", "link", "show", "veth1")).contains("veth1");
        }
    }

    @Test
    void handleStaysInItsNamespace() {
        // The handle opened in the namespace sees its address; one opened here does not.
        try (LinuxNetlink host = LinuxNetlink.open()) {
            assertThat(host.addrList(IpAddress.AF_INET))
                    .noneMatch(a -> a.ip().equals(IpAddress.parse("10.0.0.1")) && a.prefixLength() == 24);
        }
        assertThat(nl.addrList(IpAddress.AF_INET)).anyMatch(a -> a.ip().equals(IpAddress.parse("10.0.0.1")));
        assertThat(Rt.TABLE_MAIN).isEqualTo(254);
    }
}
