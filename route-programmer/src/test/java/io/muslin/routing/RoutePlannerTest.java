package io.muslin.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.MacAddress;
import io.muslin.routing.Plan.DesiredRoute;
import io.muslin.routing.Plan.Encap;
import io.muslin.routing.Plan.Hop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encapsulation decision, table by table: host 10.57.4.20/24 on eth0, pods in 192.168.0.0/16. */
class RoutePlannerTest {
    private static final RoutePlanner PLANNER = new RoutePlanner(PlannerConfig.DEFAULT);
    private static final IpAddress NODE = IpAddress.parse("10.57.4.20");
    private static final List<HostInterface> IFACES = List.of(HostInterface.of("eth0", 1500, "10.57.4.20/24"),
            HostInterface.of("lo", 65536, "127.0.0.1/8"));

    private static Plan plan(Pool pool, LearnedRoute... learned) {
        return PLANNER.plan(new Intent(NODE, List.of(pool), List.of(IpPrefix.parse("192.168.10.0/24")), List.of(learned), null), IFACES);
    }

    private static DesiredRoute route(Plan p, String dst) {
        return p.routes().stream().filter(r -> r.dst().equals(IpPrefix.parse(dst))).findFirst().orElseThrow();
    }

    private static Hop hop(String via, String dev, boolean onlink, Encap e) {
        return new Hop(IpAddress.parse(via), dev, onlink, e);
    }

    @Test
    void sameSubnetIsHostGwEvenWithCrossSubnetIpip() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET), LearnedRoute.of("192.168.11.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.11.0/24").hops()).containsExactly(hop("10.57.4.21", "eth0", false, Encap.NONE));
    }

    @Test
    void crossSubnetGoesThroughTunl0Onlink() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET), LearnedRoute.of("192.168.12.0/24", "10.57.5.21"));
        assertThat(route(p, "192.168.12.0/24").hops()).containsExactly(hop("10.57.5.21", "tunl0", true, Encap.IPIP));
        assertThat(p.ipip()).isEqualTo(new Plan.IpipDevice("tunl0", 1480, IpAddress.parse("192.168.10.0")));
        assertThat(p.vxlan()).isNull();
    }

    @Test
    void ipipAlwaysEncapsulatesOnTheSameSubnetToo() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.ALWAYS), LearnedRoute.of("192.168.11.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.11.0/24").hops()).containsExactly(hop("10.57.4.21", "tunl0", true, Encap.IPIP));
    }

    @Test
    void vxlanCrossSubnetUsesTheVxlanDeviceWithNeighbourAndFdb() {
        Plan p = plan(Pool.vxlan("192.168.0.0/16", EncapMode.CROSS_SUBNET),
                LearnedRoute.of("192.168.12.0/24", "10.57.5.21"), LearnedRoute.of("192.168.11.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.12.0/24").hops()).containsExactly(hop("10.57.5.21", "vxlan.muslin", true, Encap.VXLAN));
        assertThat(route(p, "192.168.11.0/24").hops()).containsExactly(hop("10.57.4.21", "eth0", false, Encap.NONE));
        assertThat(p.vxlan()).isEqualTo(new Plan.VxlanDevice("vxlan.muslin", 4096, 4789, NODE,
                MacAddress.parse("02:4d:0a:39:04:14"), 1450));
        assertThat(p.vxlanPeers()).containsExactly(new Plan.VxlanPeer(IpAddress.parse("10.57.5.21"), MacAddress.parse("02:4d:0a:39:05:15")));
        assertThat(p.ipip()).isNull();
    }

    @Test
    void neverLetsTheFabricRouteAcrossSubnets() {
        Plan p = plan(Pool.hostGw("192.168.0.0/16"), LearnedRoute.of("192.168.12.0/24", "10.57.5.21"),
                LearnedRoute.of("192.168.11.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.12.0/24").hops()).containsExactly(hop("10.57.5.21", null, false, Encap.NONE));
        assertThat(route(p, "192.168.11.0/24").hops()).containsExactly(hop("10.57.4.21", "eth0", false, Encap.NONE));
        assertThat(p.ipip()).isNull();
        assertThat(p.vxlan()).isNull();
    }

    @Test
    void routesOutsideEveryPoolAreNeverEncapsulated() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.ALWAYS), LearnedRoute.of("172.16.0.0/24", "10.57.5.21"));
        assertThat(route(p, "172.16.0.0/24").hops()).containsExactly(hop("10.57.5.21", null, false, Encap.NONE));
    }

    @Test
    void ownBlocksAreBlackholedAndTheirEchoIgnored() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET), LearnedRoute.of("192.168.10.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.10.0/24")).isEqualTo(new DesiredRoute(IpPrefix.parse("192.168.10.0/24"), true, List.of()));
    }

    @Test
    void severalNextHopsMakeMultipathEachDecidedOnItsOwn() {
        Plan p = plan(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET),
                LearnedRoute.of("192.168.20.0/24", "10.57.4.21", "10.57.5.21"),
                LearnedRoute.of("192.168.20.0/24", "10.57.4.21"));
        assertThat(route(p, "192.168.20.0/24").hops()).containsExactly(
                hop("10.57.4.21", "eth0", false, Encap.NONE), hop("10.57.5.21", "tunl0", true, Encap.IPIP));
    }

    @Test
    void tunnelMtuFollowsTheUplink() {
        List<HostInterface> jumbo = List.of(HostInterface.of("eth0", 9000, "10.57.4.20/24"));
        Plan ipip = PLANNER.plan(new Intent(NODE, List.of(Pool.ipip("192.168.0.0/16", EncapMode.ALWAYS)), List.of(), List.of(), null), jumbo);
        Plan vx = PLANNER.plan(new Intent(NODE, List.of(Pool.vxlan("192.168.0.0/16", EncapMode.ALWAYS)), List.of(), List.of(), null), jumbo);
        assertThat(ipip.ipip().mtu()).isEqualTo(8980);
        assertThat(vx.vxlan().mtu()).isEqualTo(8950);
    }

    @Test
    void aDownInterfaceIsNotAConnectedSubnet() {
        List<HostInterface> ifs = List.of(HostInterface.of("eth0", 1500, "10.57.4.20/24"),
                new HostInterface("eth1", 1500, false, List.of(io.muslin.net.InterfaceAddress.parse("10.57.5.20/24"))));
        Plan p = PLANNER.plan(new Intent(NODE, List.of(Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET)), List.of(),
                List.of(LearnedRoute.of("192.168.12.0/24", "10.57.5.21")), null), ifs);
        assertThat(route(p, "192.168.12.0/24").hops()).containsExactly(hop("10.57.5.21", "tunl0", true, Encap.IPIP));
    }

    @Test
    void routesBackToOurselvesAreDroppedWithAProblem() {
        Plan p = plan(Pool.hostGw("192.168.0.0/16"), LearnedRoute.of("192.168.30.0/24", "10.57.4.20"));
        assertThat(p.routes()).extracting(DesiredRoute::dst).doesNotContain(IpPrefix.parse("192.168.30.0/24"));
        assertThat(p.problems()).anyMatch(s -> s.contains("192.168.30.0/24") && s.contains("no usable next hop"));
    }

    @Test
    void bothEncapsulationsOnOnePoolIsReported() {
        Plan p = plan(new Pool(IpPrefix.parse("192.168.0.0/16"), EncapMode.ALWAYS, EncapMode.ALWAYS),
                LearnedRoute.of("192.168.12.0/24", "10.57.5.21"));
        assertThat(p.problems()).anyMatch(s -> s.contains("both ipipMode and vxlanMode"));
        assertThat(route(p, "192.168.12.0/24").hops().getFirst().encap()).isEqualTo(Encap.IPIP);
    }

    @Test
    void decisionsAskedOneAfterAnotherFollowEachRoutesPoolFamilyAndNextHops() {
        // One context answers a stream of routes (as a load does); each answer is the one its own pool,
        // family and next hops call for, whatever was asked just before.
        PlanContext ctx = PLANNER.context(new NodeIntent(NODE, List.of(Pool.ipip("192.168.0.0/16", EncapMode.ALWAYS)),
                List.of(), null), IFACES);
        List<IpAddress> far = List.of(IpAddress.parse("10.57.5.21"));
        List<String> problems = new java.util.ArrayList<>();
        assertThat(ctx.learnedHops(IpPrefix.parse("192.168.1.0/24"), far, problems))
                .containsExactly(hop("10.57.5.21", "tunl0", true, Encap.IPIP));
        assertThat(ctx.learnedHops(IpPrefix.parse("172.16.1.0/24"), far, problems)) // no pool: the fabric routes it
                .containsExactly(hop("10.57.5.21", null, false, Encap.NONE));
        assertThat(ctx.learnedHops(IpPrefix.parse("192.168.2.0/24"), List.of(IpAddress.parse("10.57.5.21")), problems))
                .containsExactly(hop("10.57.5.21", "tunl0", true, Encap.IPIP));
        assertThat(ctx.learnedHops(IpPrefix.parse("192.168.3.0/24"), List.of(IpAddress.parse("10.57.4.21")), problems))
                .containsExactly(hop("10.57.4.21", "tunl0", true, Encap.IPIP));
        assertThat(problems).isEmpty();
        assertThat(ctx.learnedHops(IpPrefix.parse("2001:db8::/64"), far, problems)).isNull(); // an IPv4 next hop for IPv6
        assertThat(problems).anyMatch(s -> s.contains("other address family"));
        problems.clear();
        assertThat(ctx.learnedHops(IpPrefix.parse("2001:db8:1::/64"), far, problems)).isNull(); // asked again: said again
        assertThat(problems).anyMatch(s -> s.contains("other address family"));
    }
}
