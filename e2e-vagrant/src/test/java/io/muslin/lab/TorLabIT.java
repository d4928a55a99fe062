package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.PathsScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * two-racks-tor: each rack's nodes peer with their router (BIRD, FRR), one AS per rack; no
 * encapsulation. The SIGKILL restart scenario is not run here: in this topology it still finds a
 * node deleting and re-adding the routes it learns from FRR (see docs/lab.md, "Known problems").
 */
class TorLabIT extends LabScenarioSuite {
    private static final String TOPOLOGY = "two-racks-tor";

    @Test
    @Order(1)
    void crossRackTrafficGoesUnencapsulatedThroughTheRacksRouters() {
        run(TOPOLOGY, new PathsScenario());
    }

    @Test
    @Order(2)
    void everyNodePeersWithItsRouterOnly() {
        run(TOPOLOGY, new ApiScenario());
    }
}
