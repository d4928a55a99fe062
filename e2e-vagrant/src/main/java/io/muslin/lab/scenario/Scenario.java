package io.muslin.lab.scenario;

import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.topology.Topology;

/** One end-to-end check on a running lab; run by {@code lab test --scenario} and by the module's tests. */
public interface Scenario {
    String name();

    /** Whether this scenario means anything on the topology. */
    default boolean appliesTo(Topology topology) {
        return true;
    }

    /** Runs it, recording every check in {@code report}; leaves the lab as it found it. */
    void run(NetnsLab lab, Report report);
}
