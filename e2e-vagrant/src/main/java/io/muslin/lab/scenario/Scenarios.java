package io.muslin.lab.scenario;

import java.time.Duration;
import java.util.List;

/** Every scenario, in the order {@code lab test --scenario all} runs them (the disruptive ones last). */
public final class Scenarios {
    private Scenarios() {
    }

    public static List<Scenario> all(Duration etcdOutage) {
        return List.of(new PathsScenario(), new MtuScenario(), new ApiScenario(), new BadConfigScenario(), new PolicyScenario(),
                new RestartScenario(false), new RestartScenario(true), new KillScenario(), new EtcdLeaderChurnScenario(), new PeeringSwitchScenario(),
                new EtcdOutageScenario(etcdOutage), new EtcdOutageRestartScenario(etcdOutage));
    }

    public static Scenario named(String name, Duration etcdOutage) {
        return all(etcdOutage).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no scenario " + name + " (known: "
                        + String.join(", ", all(etcdOutage).stream().map(Scenario::name).toList()) + ")"));
    }
}
