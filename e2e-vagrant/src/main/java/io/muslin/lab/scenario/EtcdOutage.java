package io.muslin.lab.scenario;

import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.topology.Topology.Placed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the etcd outage scenarios share: every member stopped and started, the outage held, the agents' recovery. */
final class EtcdOutage {
    private EtcdOutage() {}

    static void stopEveryMember(NetnsLab lab) {
        for (int m = 1; m <= lab.topology().etcd().members(); m++) {
            lab.etcd().stop(m);
        }
    }

    /** Holds the outage until {@code outage} has passed since {@code t0} (nanoTime), notes its length, and starts etcd again. */
    static void endAfter(NetnsLab lab, Duration outage, long t0, Report report) {
        long left = outage.toNanos() - (System.nanoTime() - t0);
        if (left > 0) {
            RestartScenario.sleep(left / 1_000_000);
        }
        report.note(String.format("etcd down for %.0f s", (System.nanoTime() - t0) / 1e9));
        for (int m = 1; m <= lab.topology().etcd().members(); m++) {
            lab.etcd().start(m, false);
        }
    }

    /** Waits for every agent to reconnect and be ready, and checks it, the time since etcd came back in the message. */
    static void checkEveryAgentBack(NetnsLab lab, List<Placed> nodes, String suffix, Report report) {
        long back = System.nanoTime();
        RestartScenario.waitQuietly(Duration.ofSeconds(120), "every agent to reconnect and be ready",
                () -> nodes.stream().allMatch(n -> connected(lab, n.name()).orElse(false) && lab.agents().ready(n.name())), report);
        report.check(nodes.stream().allMatch(n -> lab.agents().ready(n.name())),
                String.format("every agent reconnected and ready %.1f s after etcd came back", (System.nanoTime() - back) / 1e9) + suffix);
    }

    /** The agent's {@code /status} {@code datastore.connected}; empty when the agent does not answer. */
    static Optional<Boolean> connected(NetnsLab lab, String node) {
        return lab.agents().status(node).map(j -> j.path("datastore").path("connected").asBoolean());
    }
}
