package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.PathsScenario;
import io.muslin.lab.scenario.RestartScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** two-racks-tor: each rack's nodes peer with their router (BIRD, FRR), one AS per rack; no encapsulation. */
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

    @Test
    @Order(3)
    void theRoutersKeepARestartingAgentsRoutes() {
        run(TOPOLOGY, new RestartScenario(true));
    }
}
