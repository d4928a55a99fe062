package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.PathsScenario;
import io.muslin.lab.scenario.RestartScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * two-racks-tor: each rack's nodes peer with their router (BIRD, FRR), one AS per rack; no
 * encapsulation. The SIGKILL restart runs right after {@code up}, inside FRR's start-up window
 * (its first restart time, 120 s), where FRR sets the R bit on every session: the restarted node
 * must still keep the routes FRR is about to send again.
 */
class TorLabIT extends LabScenarioSuite {
    private static final String TOPOLOGY = "two-racks-tor";

    @Test
    @Order(1)
    void anAgentKilledWithSigkillInsideFrrsStartUpWindowDeletesNoRoute() {
        run(TOPOLOGY, new RestartScenario(true));
    }

    @Test
    @Order(2)
    void crossRackTrafficGoesUnencapsulatedThroughTheRacksRouters() {
        run(TOPOLOGY, new PathsScenario());
    }

    @Test
    @Order(3)
    void everyNodePeersWithItsRouterOnly() {
        run(TOPOLOGY, new ApiScenario());
    }
}
