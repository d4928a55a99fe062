package io.muslin.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.routing.EncapMode;
import io.muslin.routing.Pool;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Calico's MTU rule: uplink less the largest overhead of the pools in use (vxlan 50, ipip 20). */
class MtuTest {
    @Test
    void theLargestOverheadOfThePoolsInUseIsTakenOffTheUplink() {
        Pool hostGw = Pool.hostGw("10.244.0.0/16");
        Pool ipip = Pool.ipip("10.245.0.0/16", EncapMode.CROSS_SUBNET);
        Pool vxlan = Pool.vxlan("10.246.0.0/16", EncapMode.ALWAYS);
        assertThat(Mtu.forPods(OptionalInt.empty(), OptionalInt.of(9000), List.of(hostGw))).isEqualTo(9000);
        assertThat(Mtu.forPods(OptionalInt.empty(), OptionalInt.of(1500), List.of(hostGw, ipip))).isEqualTo(1480);
        assertThat(Mtu.forPods(OptionalInt.empty(), OptionalInt.of(1500), List.of(ipip, vxlan))).isEqualTo(1450);
        assertThat(Mtu.forPods(OptionalInt.empty(), OptionalInt.empty(), List.of())).as("uplink unknown: 1500").isEqualTo(1500);
        assertThat(Mtu.forPods(OptionalInt.of(1400), OptionalInt.of(9000), List.of(vxlan))).as("configured wins").isEqualTo(1400);
    }
}
