package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.MtuScenario;
import io.muslin.lab.scenario.PathsScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** two-racks-vxlan: vxlanMode Always, so even the pair in one rack goes through vxlan. */
class VxlanAlwaysLabIT extends LabScenarioSuite {
    private static final String TOPOLOGY = "two-racks-vxlan";

    @Test
    @Order(1)
    void everyPairOfNodesGoesThroughVxlan() {
        run(TOPOLOGY, new PathsScenario());
    }

    @Test
    @Order(2)
    void routesAreAllVxlan() {
        run(TOPOLOGY, new ApiScenario());
    }

    @Test
    @Order(3)
    void packetsOf1400BytesWithDfCrossIt() {
        run(TOPOLOGY, new MtuScenario());
    }
}
