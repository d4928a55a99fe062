package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.scenario.PeeringSwitchScenario;
import io.muslin.lab.scenario.Report;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 9's live switch: mesh, then route reflector, then ToR peering, without restarting an agent. */
class PeeringSwitchIT {
    @AfterEach
    void down() {
        LabFixture.downAndCheckNothingLeft();
    }

    @Test
    void meshToRouteReflectorToTorWithoutRestartingAnAgent() {
        LabFixture.requireAgent();
        NetnsLab lab = NetnsLab.up(Path.of("src/test/resources/switch-peering.yaml").toAbsolutePath(), LabFixture.STATE,
                LabFixture.muslinRoot(), NetnsLab.Options.full());
        PeeringSwitchScenario s = new PeeringSwitchScenario();
        assertThat(s.appliesTo(lab.topology())).isTrue();
        Report r = new Report(s.name());
        s.run(lab, r);
        System.out.print(r.render());
        assertThat(r.passed()).as(r.render()).isTrue();
    }
}
