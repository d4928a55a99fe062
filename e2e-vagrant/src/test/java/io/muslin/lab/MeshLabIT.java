package io.muslin.lab;

import io.muslin.lab.scenario.ApiScenario;
import io.muslin.lab.scenario.BadConfigScenario;
import io.muslin.lab.scenario.EtcdOutageRestartScenario;
import io.muslin.lab.scenario.EtcdOutageScenario;
import io.muslin.lab.scenario.KillScenario;
import io.muslin.lab.scenario.MtuScenario;
import io.muslin.lab.scenario.PathsScenario;
import io.muslin.lab.scenario.PeeringSwitchScenario;
import io.muslin.lab.scenario.RestartScenario;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * two-racks-mesh: three agents, two in rack1 (BIRD), one in rack2 (FRR), full mesh, vxlan
 * CrossSubnet — the lab the README's demo runs, and issue 9's end-to-end proof (ending with the
 * live switch to route reflectors and to ToR peering).
 */
class MeshLabIT extends LabScenarioSuite {
    private static final String TOPOLOGY = "two-racks-mesh";

    @Test
    @Order(1)
    void sameRackPairsGoDirectCrossRackPairsThroughVxlan() {
        run(TOPOLOGY, new PathsScenario());
    }

    @Test
    @Order(2)
    void packetsOf1400BytesWithDfCrossTheEncapsulatedPath() {
        run(TOPOLOGY, new MtuScenario());
    }

    @Test
    @Order(3)
    void statusReadyzAndMetricsFieldByField() {
        run(TOPOLOGY, new ApiScenario());
    }

    @Test
    @Order(4)
    void aBadConfigurationExitsTwoNamingTheField() {
        run(TOPOLOGY, new BadConfigScenario());
    }

    @Test
    @Order(5)
    void restartWithSigtermLosesNothing() {
        run(TOPOLOGY, new RestartScenario(false));
    }

    @Test
    @Order(6)
    void restartWithSigkillLosesNothing() {
        run(TOPOLOGY, new RestartScenario(true));
    }

    @Test
    @Order(7)
    void aKilledAgentsRoutesAreWithdrawnWithinTheHoldTime() {
        run(TOPOLOGY, new KillScenario());
    }

    @Test
    @Order(8)
    void etcdStoppedForAMinuteTrafficFlowsAgentsRecover() {
        run(TOPOLOGY, new EtcdOutageScenario(Duration.ofSeconds(60)));
    }

    @Test
    @Order(9)
    void anAgentRestartedWhileEtcdIsDownStartsFromItsLastKnownStateAndLosesNothing() {
        run(TOPOLOGY, new EtcdOutageRestartScenario(Duration.ofSeconds(40)));
    }

    /** Last: it leaves the lab in ToR peering. */
    @Test
    @Order(10)
    void peeringSwitchedLiveMeshToRouteReflectorToTorWithoutRestartingAnAgent() {
        run(TOPOLOGY, new PeeringSwitchScenario());
    }
}
