package io.muslin.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.routing.EncapMode;
import io.muslin.routing.HostInterface;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlanContext;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.RouteKind;
import io.muslin.routing.RoutePlanner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calico's pool modes, mapped here, decide the encapsulation of each destination. The oracle is
 * Calico's documented behaviour (CrossSubnet: direct on a shared subnet, encapsulated across),
 * checked through the route programmer's planner on a node at 10.0.1.5/24.
 */
class PoolMappingTest {
    static final String SAME_SUBNET = "10.0.1.7", OTHER_SUBNET = "10.0.2.9";

    static IPPool pool(String ipip, String vxlan) {
        return new IPPool(ObjectMeta.named("p"), new IPPool.Spec("10.244.0.0/16", 26, ipip, vxlan, false, false, false, "all()"));
    }

    @ParameterizedTest(name = "ipip {0}, vxlan {1}: same subnet {2}, other subnet {3}")
    @CsvSource({
        "Never, Never, DIRECT, FABRIC",
        "Never, CrossSubnet, DIRECT, VXLAN",
        "Never, Always, VXLAN, VXLAN",
        "CrossSubnet, Never, DIRECT, IPIP",
        "Always, Never, IPIP, IPIP",
        ", , DIRECT, FABRIC",
    })
    void theModesChooseTheEncapsulationPerDestination(String ipip, String vxlan, RouteKind same, RouteKind other) {
        var mapped = PoolMapping.toPool(pool(ipip, vxlan));
        PlanContext ctx = new RoutePlanner(PlannerConfig.DEFAULT).context(
                new NodeIntent(IpAddress.parse("10.0.1.5"), List.of(mapped), List.of(), null),
                List.of(HostInterface.of("eth0", 1500, "10.0.1.5/24")));
        assertThat(kind(ctx, SAME_SUBNET)).isEqualTo(same);
        assertThat(kind(ctx, OTHER_SUBNET)).isEqualTo(other);
    }

    private static RouteKind kind(PlanContext ctx, String nextHop) {
        List<String> problems = new ArrayList<>();
        return ctx.learned(IpPrefix.parse("10.244.7.0/26"), List.of(IpAddress.parse(nextHop)), problems).kind();
    }

    @ParameterizedTest
    @CsvSource({"Always, ALWAYS", "CrossSubnet, CROSS_SUBNET", "Never, NEVER"})
    void calicoWordsBecomeModes(String calico, EncapMode mode) {
        assertThat(PoolMapping.mode(calico)).isEqualTo(mode);
        assertThat(PoolMapping.toPool(pool(calico, "Never")).ipipMode()).isEqualTo(mode);
        assertThat(PoolMapping.toPool(pool("Never", calico)).vxlanMode()).isEqualTo(mode);
    }

    @org.junit.jupiter.api.Test
    void aTunnelIsWantedWhenAnyPoolEncapsulates() {
        assertThat(PoolMapping.anyTunnel(PoolMapping.toPools(List.of(pool("Never", "Never"))))).isFalse();
        assertThat(PoolMapping.anyTunnel(PoolMapping.toPools(List.of(pool("Never", "CrossSubnet"))))).isTrue();
        assertThat(PoolMapping.anyTunnel(PoolMapping.toPools(List.of(pool("Always", "Never"))))).isTrue();
    }
}
