package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.EtcdLeaderChurnScenario;
import io.muslin.lab.scenario.PathsScenario;
import io.muslin.lab.scenario.PolicyScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * two-racks-rr: mesh off, node3 the route reflector; three etcd members; pods attached by the
 * real CNI plugin.
 */
class RouteReflectorLabIT extends LabScenarioSuite {
    private static final String TOPOLOGY = "two-racks-rr";

    @Test
    @Order(1)
    void podsAttachedByTheCniPluginReachEachOtherThroughTheReflector() {
        run(TOPOLOGY, new PathsScenario());
    }

    @Test
    @Order(2)
    void theReflectorHasEveryNodeAsClientTheOthersOnlyIt() {
        run(TOPOLOGY, new ApiScenario());
    }

    @Test
    @Order(3)
    void etcdLeaderKilledDuringPodChurnGivesNoDuplicateAddress() {
        run(TOPOLOGY, new EtcdLeaderChurnScenario());
    }

    @Test
    @Order(4)
    void networkPolicyAcrossNodesBlocksAToBButNotBToA() {
        run(TOPOLOGY, new PolicyScenario());
    }
}
