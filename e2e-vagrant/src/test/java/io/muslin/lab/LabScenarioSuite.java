package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.scenario.Report;
import io.muslin.lab.scenario.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One lab per test class, brought up before its first test and taken down after the last, with the
 * leftover check (no namespace, link, process or rule of ours). Each test runs one scenario and
 * fails with the scenario's whole report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LabScenarioSuite {
    private NetnsLab lab;

    /** Brings the topology up (once per class); the prerequisites are checked first. */
    protected NetnsLab lab(String topology) {
        LabFixture.requireAgent();
        if (lab == null) {
            lab = NetnsLab.up(LabFixture.topology(topology), LabFixture.STATE, LabFixture.muslinRoot(), NetnsLab.Options.full());
        }
        return lab;
    }

    protected void run(String topology, Scenario scenario) {
        NetnsLab l = lab(topology);
        Report r = new Report(scenario.name());
        scenario.run(l, r);
        System.out.print(r.render());
        assertThat(r.passed()).as(r.render()).isTrue();
    }

    @AfterAll
    void takeDown() {
        if (lab != null) {
            LabFixture.downAndCheckNothingLeft();
        }
    }
}
