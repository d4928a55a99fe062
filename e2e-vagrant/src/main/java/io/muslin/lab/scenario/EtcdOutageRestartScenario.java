package io.muslin.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.lab.check.PingStream;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.topology.Topology.Placed;
import java.time.Duration;
import java.util.List;

/**
 * etcd stopped entirely, and during the outage an agent restarted with SIGTERM (an upgrade, an OOM
 * kill's replacement): it must start anyway from the state it saved, bring its BGP sessions back
 * before the peers' graceful-restart time runs out, and keep the kernel as it was — 0 packets lost
 * between pods, no Muslin route deleted on any node — while it reports the datastore down
 * ({@code /status}, {@code /readyz} not ready naming it, {@code /healthz} live); when etcd returns it
 * reconnects by itself (no restart) and is ready.
 */
public final class EtcdOutageRestartScenario implements Scenario {
    private final Duration outage;

    public EtcdOutageRestartScenario(Duration outage) {
        this.outage = outage;
    }

    @Override
    public String name() {
        return "etcd-down-restart";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Pod> pods = lab.pods();
        Pod to = pods.get(pods.size() - 1);
        Pod from = pods.stream().filter(p -> !p.node().equals(to.node())).findFirst().orElseThrow();
        String victim = to.node();
        List<Placed> nodes = lab.topology().nodes();
        try (Monitors monitors = new Monitors(lab.topology()); PingStream stream = PingStream.start(from, to.address())) {
            RestartScenario.sleep(1000);
            long t0 = System.nanoTime();
            EtcdOutage.stopEveryMember(lab);
            RestartScenario.waitQuietly(Duration.ofSeconds(30), victim + " to report the datastore down",
                    () -> !connected(lab, victim), report);
            lab.agents().stop(victim);
            long restarted = System.nanoTime();
            lab.agents().start(victim);
            boolean established = RestartScenario.waitQuietly(Duration.ofSeconds(60),
                    victim + "'s sessions Established again while etcd is down", () -> allEstablished(lab, victim), report);
            if (established) {
                report.check(true, String.format("%s: restarted during the outage, every session Established %.1f s after the SIGTERM",
                        victim, (System.nanoTime() - restarted) / 1e9));
            }
            report.check(lab.agents().running(victim), victim + ": the agent runs with etcd down (it did not exit)");
            var live = lab.agents().get(victim, "/healthz");
            report.check(live.code() == 200, victim + ": live (/healthz " + live.code() + " " + live.body().strip() + ")");
            var ready = lab.agents().get(victim, "/readyz");
            report.check(ready.code() == 503 && ready.body().contains("datastore"), victim + ": not ready, naming the datastore (/readyz "
                    + ready.code() + " " + ready.body().strip() + ")");
            report.check(!connected(lab, victim), victim + ": /status datastore.connected false");
            EtcdOutage.endAfter(lab, outage, t0, report);
            EtcdOutage.checkEveryAgentBack(lab, nodes, ", " + victim + " without another restart", report);
            RestartScenario.sleep(2000);
            PingStream.Counts c = stream.stop();
            report.check(c.sent() > 100 && c.lost() == 0, from.name() + " -> " + to.name() + " (on " + victim + "): " + c.sent()
                    + " sent, " + c.lost() + " lost");
            List<String> deleted = monitors.deletions();
            report.check(deleted.isEmpty(), "no Muslin route deleted on any node: " + deleted);
        }
    }

    private static boolean connected(NetnsLab lab, String node) {
        return EtcdOutage.connected(lab, node).orElse(false);
    }

    private static boolean allEstablished(NetnsLab lab, String node) {
        return lab.agents().status(node).map(s -> {
            JsonNode peers = s.path("peers");
            if (!peers.isArray() || peers.isEmpty()) {
                return false;
            }
            for (JsonNode p : peers) {
                if (!"Established".equalsIgnoreCase(p.path("state").asText())) {
                    return false;
                }
            }
            return true;
        }).orElse(false);
    }
}
