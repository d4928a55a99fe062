package io.muslin.netlink.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.fake.FakeNetlink;
import io.muslin.testing.Netns;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link FakeNetlink} answers route lookups as the kernel does: the same interfaces, addresses
 * and routes in a namespace and in the fake, the same destinations asked of both, the answers
 * (device, gateway, source address, or the errno) compared. Other modules' unit tests (node
 * address autodetection with {@code can-reach}) rely on the fake.
 */
class FakeMatchesKernelTest {
    private static final List<String> DESTINATIONS = List.of("10.0.0.2", "10.0.0.1", "10.1.0.7", "10.9.9.9", "192.0.2.1",
            "172.16.5.5", "10.0.1.77");

    @Test
    void routeGetAgreesWithTheKernel() {
        try (Netns ns = Scratch.namespace(); LinuxNetlink real = LinuxNetlink.openIn(ns.name())) {
            FakeNetlink fake = new FakeNetlink();
            build(real);
            ns.exec("ip", "link", "set", "veth1", "up");
            ns.exec("ip", "link", "set", "vb1", "up");
            build(fake);
            for (String d : DESTINATIONS) {
                assertThat(answer(fake, d)).as("route get " + d).isEqualTo(answer(real, d));
            }
        }
    }

    /** eth-like veth0 10.0.0.1/24 + 10.0.0.9/24, vb0 10.0.1.1/24, a route via 10.0.0.254, a blackhole, a default via 10.0.1.254. */
    private static void build(Netlink nl) {
        int veth0;
        int vb0;
        if (nl instanceof FakeNetlink f) {
            veth0 = f.addInterface("veth0", 1500);
            vb0 = f.addInterface("vb0", 1500);
        } else {
            nl.linkAdd(new LinkSpec.Veth("veth0", "veth1"));
            nl.linkAdd(new LinkSpec.Veth("vb0", "vb1"));
            veth0 = nl.linkByName("veth0").orElseThrow().index();
            vb0 = nl.linkByName("vb0").orElseThrow().index();
            nl.linkSetUp(veth0, true);
            nl.linkSetUp(vb0, true);
        }
        nl.addrAdd(Addr.of(veth0, "10.0.0.1/24"));
        nl.addrAdd(Addr.of(veth0, "10.0.0.9/24"));
        nl.addrAdd(Addr.of(vb0, "10.0.1.1/24"));
        nl.routeAdd(Route.to("10.1.0.0/16").via("10.0.0.254").dev(veth0).protocol(77).build());
        nl.routeAdd(Route.to("10.9.0.0/16").blackhole().protocol(77).build());
        nl.routeAdd(Route.to("0.0.0.0/0").via("10.0.1.254").dev(vb0).protocol(4).build());
    }

    private static String answer(Netlink nl, String destination) {
        Map<Integer, String> names = nl.linkList().stream().collect(Collectors.toMap(Link::index, Link::name, (a, b) -> a));
        Function<Integer, String> name = i -> i == 0 ? "-" : names.getOrDefault(i, "#" + i);
        try {
            Route r = nl.routeGet(IpAddress.parse(destination));
            return r.type() + " dev " + name.apply(r.oif()) + " via " + r.gateway() + " src " + r.prefSrc();
        } catch (NetlinkException e) {
            return e.errnoName();
        }
    }
}
