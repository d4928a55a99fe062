package io.muslin.lab.scenario;

import io.muslin.lab.check.PingStream;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.topology.Topology.Placed;
import java.time.Duration;
import java.util.List;

/**
 * etcd stopped entirely for a while (60 s by default): pod traffic keeps flowing with nothing
 * lost, no Muslin route is removed on any node, every agent reports the datastore down, and once
 * etcd is back every agent reconnects by itself and is ready again.
 */
public final class EtcdOutageScenario implements Scenario {
    private final Duration outage;

    public EtcdOutageScenario(Duration outage) {
        this.outage = outage;
    }

    @Override
    public String name() {
        return "etcd-down";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Pod> pods = lab.pods();
        Pod to = pods.get(pods.size() - 1);
        Pod from = pods.stream().filter(p -> !p.node().equals(to.node())).findFirst().orElseThrow();
        List<Placed> nodes = lab.topology().nodes();
        try (Monitors monitors = new Monitors(lab.topology()); PingStream stream = PingStream.start(from, to.address())) {
            RestartScenario.sleep(1000);
            long t0 = System.nanoTime();
            EtcdOutage.stopEveryMember(lab);
            if (RestartScenario.waitQuietly(outage, "every agent to report the datastore down",
                    () -> nodes.stream().allMatch(n -> !EtcdOutage.connected(lab, n.name()).orElse(true)), report)) {
                report.check(true, String.format("every agent reported datastore.connected false within %.1f s", (System.nanoTime() - t0) / 1e9));
            }
            for (Placed n : nodes) {
                var live = lab.agents().get(n.name(), "/healthz");
                report.check(live.code() == 200, n.name() + ": still live during the outage (/healthz " + live.code() + " "
                        + live.body().strip() + ")");
                var ready = lab.agents().get(n.name(), "/readyz");
                report.check(ready.code() == 503 && ready.body().contains("datastore"), n.name() + ": not ready, naming the datastore (/readyz "
                        + ready.code() + " " + ready.body().strip() + ")");
            }
            EtcdOutage.endAfter(lab, outage, t0, report);
            EtcdOutage.checkEveryAgentBack(lab, nodes, "", report);
            RestartScenario.sleep(2000);
            PingStream.Counts c = stream.stop();
            report.check(c.sent() > 100 && c.lost() == 0, from.name() + " -> " + to.name() + " during the outage: " + c.sent() + " sent, "
                    + c.lost() + " lost");
            List<String> deleted = monitors.deletions();
            report.check(deleted.isEmpty(), "no Muslin route deleted on any node: " + deleted);
        }
    }
}
