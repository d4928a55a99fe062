package io.muslin.netlink.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What node-address autodetection reads, against a real kernel in a namespace, with iproute2 as
 * the oracle: link kinds, operational state, carrier and master; address scope, flags and label;
 * and the route lookup ({@code ip route get}) that {@code can-reach} uses.
 */
class LinksAddressesLookupTest {
    private Netns ns;
    private LinuxNetlink nl;

    @BeforeEach
    void setUp() {
        ns = Scratch.namespace();
        nl = LinuxNetlink.openIn(ns.name());
        ns.exec("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        ns.exec("ip", "link", "add", "br0", "type", "bridge");
        ns.exec("ip", "addr", "add", "10.0.0.1/24", "dev", "veth0");
        ns.exec("ip", "link", "set", "veth0", "up");
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

    private Link link(String name) {
        return nl.linkByName(name).orElseThrow();
    }

    @Test
    void linksCarryKindStateCarrierAndMaster() {
        // veth1 still down: veth0 is up without carrier.
        Link veth0 = link("veth0");
        assertThat(veth0.kind()).isEqualTo("veth");
        assertThat(veth0.up()).isTrue();
        assertThat(veth0.carrier()).isFalse();
        Await.until(Duration.ofSeconds(30), "veth0 up without its lower layer",
                () -> link("veth0").operState() == Link.OperState.LOWERLAYERDOWN);
        assertThat(ns.exec("ip", "link", "show", "veth0")).contains("NO-CARRIER").contains("state LOWERLAYERDOWN");

        ns.exec("ip", "link", "set", "veth1", "up");
        assertThat(link("veth0").carrier()).isTrue();
        assertThat(link("veth0").lowerUp()).isTrue();
        // The kernel moves the operational state a moment later (linkwatch): wait for it, then compare with ip.
        Await.until(Duration.ofSeconds(30), "veth0 operationally up", () -> link("veth0").operState() == Link.OperState.UP);
        assertThat(ns.exec("ip", "link", "show", "veth0")).contains("state UP");

        Link lo = link("lo");
        assertThat(lo.kind()).isNull();
        assertThat(lo.loopback()).isTrue();

        // A bridge whose only port is down has no carrier: autodetection must skip it.
        ns.exec("ip", "link", "add", "vb0", "type", "veth", "peer", "name", "vb1");
        ns.exec("ip", "link", "set", "vb0", "master", "br0");
        ns.exec("ip", "link", "set", "br0", "up");
        Link br0 = link("br0");
        assertThat(br0.kind()).isEqualTo("bridge");
        assertThat(br0.carrier()).isFalse();
        Await.until(Duration.ofSeconds(30), "br0 operationally down", () -> link("br0").operState() == Link.OperState.DOWN);
        assertThat(ns.exec("ip", "link", "show", "br0")).contains("NO-CARRIER").contains("state DOWN");
        assertThat(link("vb0").master()).isEqualTo(br0.index());
        assertThat(link("veth0").master()).isZero();
    }

    @Test
    void addressesCarryScopeFlagsAndLabel() {
        ns.exec("ip", "addr", "add", "10.0.0.2/24", "dev", "veth0");
        ns.exec("ip", "addr", "add", "10.0.0.100/32", "dev", "veth0", "label", "veth0:vip");
        ns.exec("ip", "addr", "add", "169.254.7.7/16", "dev", "veth0", "scope", "link");
        ns.exec("ip", "-6", "addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad", "preferred_lft", "0");
        List<Addr> all = nl.addrList(0);
        int veth0 = link("veth0").index();

        Addr primary = find(all, "10.0.0.1/24");
        assertThat(primary.ifIndex()).isEqualTo(veth0);
        assertThat(primary.secondary()).isFalse();
        assertThat(primary.scope()).isEqualTo(Rt.SCOPE_UNIVERSE);
        assertThat(primary.label()).isEqualTo("veth0");

        Addr second = find(all, "10.0.0.2/24");
        assertThat(second.secondary()).isTrue();
        assertThat(ns.exec("ip", "-o", "addr", "show", "dev", "veth0")).containsPattern("10\\.0\\.0\\.2/24 .*secondary");

        assertThat(find(all, "10.0.0.100/32").label()).isEqualTo("veth0:vip");
        assertThat(find(all, "169.254.7.7/16").scope()).isEqualTo(Rt.SCOPE_LINK);

        Addr v6 = find(all, "2001:db8::1/64");
        assertThat(v6.deprecated()).isTrue();
        assertThat(v6.tentative()).isFalse();
        assertThat(ns.exec("ip", "-6", "-o", "addr", "show", "dev", "veth0")).containsPattern("2001:db8::1/64 .*deprecated");
        assertThat(all).filteredOn(a -> a.ip().equals(IpAddress.parse("127.0.0.1")))
                .singleElement().satisfies(a -> assertThat(a.scope()).isEqualTo(Rt.SCOPE_HOST));
    }

    @Test
    void anAddressUnderDuplicateDetectionIsTentative() {
        // Ten probes a second apart: duplicate address detection runs for about ten seconds.
        ns.exec("sysctl", "-qw", "net.ipv6.conf.veth0.accept_dad=1");
        ns.exec("sysctl", "-qw", "net.ipv6.conf.veth0.dad_transmits=10");
        ns.exec("sysctl", "-qw", "net.ipv6.neigh.veth0.retrans_time_ms=1000");
        ns.exec("ip", "link", "set", "veth1", "up");
        ns.exec("ip", "-6", "addr", "add", "2001:db8::5/64", "dev", "veth0");
        Addr a = find(nl.addrList(IpAddress.AF_INET6), "2001:db8::5/64");
        assertThat(a.tentative()).isTrue();
        assertThat(ns.exec("ip", "-6", "-o", "addr", "show", "dev", "veth0")).containsPattern("2001:db8::5/64 .*tentative");
    }

    @Test
    void routeGetAnswersLikeIpRouteGet() {
        ns.exec("ip", "link", "set", "veth1", "up");
        int veth0 = link("veth0").index();
        Route direct = nl.routeGet(IpAddress.parse("10.0.0.2"));
        assertThat(direct.dst().toString()).isEqualTo("10.0.0.2/32");
        assertThat(direct.oif()).isEqualTo(veth0);
        assertThat(direct.gateway()).isNull();
        assertThat(direct.prefSrc()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(ns.exec("ip", "route", "get", "10.0.0.2")).contains("dev veth0 src 10.0.0.1");

        ns.exec("ip", "addr", "add", "10.0.0.9/24", "dev", "veth0");
        ns.exec("ip", "route", "add", "default", "via", "10.0.0.254", "src", "10.0.0.9");
        Route viaGw = nl.routeGet(IpAddress.parse("192.0.2.7"));
        assertThat(viaGw.gateway()).isEqualTo(IpAddress.parse("10.0.0.254"));
        assertThat(viaGw.oif()).isEqualTo(veth0);
        assertThat(viaGw.prefSrc()).isEqualTo(IpAddress.parse("10.0.0.9"));
        assertThat(ns.exec("ip", "route", "get", "192.0.2.7")).contains("via 10.0.0.254 dev veth0 src 10.0.0.9");

        Route self = nl.routeGet(IpAddress.parse("10.0.0.1"));
        assertThat(self.type().name()).isEqualTo("LOCAL");
        assertThat(self.prefSrc()).isEqualTo(IpAddress.parse("10.0.0.1"));
    }

    @Test
    void routeGetWithoutARouteSaysUnreachable() {
        assertThatThrownBy(() -> nl.routeGet(IpAddress.parse("198.51.100.1")))
                .isInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("ENETUNREACH"))
                .hasMessageContaining("route get 198.51.100.1");
        assertThat(ns.tryExec("ip", "route", "get", "198.51.100.1").output()).contains("unreachable");
    }

    private static Addr find(List<Addr> all, String cidr) {
        InterfaceAddress want = InterfaceAddress.parse(cidr);
        return all.stream().filter(a -> a.address().equals(want)).findFirst()
                .orElseThrow(() -> new AssertionError(cidr + " not in " + all));
    }
}
