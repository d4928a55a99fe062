package io.muslin.lab.scenario;

import io.muslin.lab.check.PingStream;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.driver.Wait;
import java.time.Duration;
import java.util.List;

/**
 * An agent restarted (SIGTERM, as a rolling update does, or SIGKILL, a crash) while a pod on
 * another node pings a pod on its node every 50 ms: not one packet lost, no Muslin route deleted
 * on any node (ip monitor in every node), and {@code /readyz} not ready, then ready.
 */
public final class RestartScenario implements Scenario {
    private final boolean kill;

    public RestartScenario(boolean kill) {
        this.kill = kill;
    }

    @Override
    public String name() {
        return kill ? "restart-sigkill" : "restart-sigterm";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Pod> pods = lab.pods();
        Pod to = pods.get(pods.size() - 1);
        Pod from = pods.stream().filter(p -> !p.node().equals(to.node())).findFirst().orElseThrow();
        String victim = to.node();
        try (Monitors monitors = new Monitors(lab.topology()); PingStream stream = PingStream.start(from, to.address())) {
            sleep(2000);
            long t0 = System.nanoTime();
            if (kill) {
                lab.agents().kill(victim);
            } else {
                lab.agents().stop(victim);
            }
            lab.agents().start(victim);
            boolean sawNotReady = false;
            long readyAt = 0;
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < end) {
                if (lab.agents().ready(victim)) {
                    if (sawNotReady) {
                        readyAt = System.nanoTime();
                        break;
                    }
                } else {
                    sawNotReady = true;
                }
                sleep(100);
            }
            report.check(sawNotReady, victim + ": /readyz was not ready after the restart");
            report.check(readyAt > 0, String.format("%s: /readyz ready again %.1f s after the %s", victim, (readyAt - t0) / 1e9,
                    kill ? "SIGKILL" : "SIGTERM"));
            // Traffic on for a few seconds more: the restarted agent's first complete route apply is behind us.
            sleep(3000);
            PingStream.Counts c = stream.stop();
            report.check(c.sent() > 50 && c.lost() == 0, from.name() + " -> " + to.name() + ": " + c.sent() + " sent, " + c.lost() + " lost");
            List<String> deleted = monitors.deletions();
            report.check(deleted.isEmpty(), "no Muslin route deleted on any node: " + deleted);
        }
        try {
            lab.waitForAgents(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            report.check(false, e.getMessage());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits; a timeout is recorded as a failed check. True when the condition came to hold. */
    static boolean waitQuietly(Duration d, String what, java.util.function.BooleanSupplier c, Report report) {
        try {
            Wait.until(d, what, c);
            return true;
        } catch (RuntimeException e) {
            report.check(false, e.getMessage());
            return false;
        }
    }
}
