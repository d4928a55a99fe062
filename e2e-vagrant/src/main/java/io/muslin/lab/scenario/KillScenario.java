package io.muslin.lab.scenario;

import io.muslin.lab.config.AgentConfigs;
import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Shell;
import io.muslin.lab.driver.Wait;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.List;

/**
 * An agent killed with SIGKILL: every other node removes the route to its block within the BGP
 * hold time (the graceful-restart time the agents announce is shorter, so the helpers give up
 * first); started again, it is ready and the routes come back.
 */
public final class KillScenario implements Scenario {
    @Override
    public String name() {
        return "sigkill";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Placed> nodes = lab.topology().nodes();
        Placed victim = nodes.get(nodes.size() - 1);
        IpPrefix block = lab.nodeBlock(victim.name());
        List<Placed> others = nodes.stream().filter(n -> n != victim).toList();
        for (Placed o : others) {
            report.check(hasRoute(o, block), o.name() + " has a route to " + victim.name() + "'s block " + block + " before");
        }
        long t0 = System.nanoTime();
        lab.agents().kill(victim.name());
        try {
            Wait.until(Duration.ofSeconds(AgentConfigs.HOLD_TIME + 30), "the route to " + block + " to go",
                    () -> others.stream().noneMatch(o -> hasRoute(o, block)));
        } catch (RuntimeException e) {
            report.check(false, e.getMessage());
        }
        double gone = (System.nanoTime() - t0) / 1e9;
        report.check(gone <= AgentConfigs.HOLD_TIME, String.format("routes to %s gone from every other node %.1f s after SIGKILL "
                + "(hold time %d s, graceful-restart time %d s)", block, gone, AgentConfigs.HOLD_TIME, AgentConfigs.GRACEFUL_RESTART_TIME));
        lab.agents().start(victim.name());
        lab.waitForAgents(Duration.ofSeconds(120));
        try {
            Wait.until(Duration.ofSeconds(60), "the route to " + block + " to come back", () -> others.stream().allMatch(o -> hasRoute(o, block)));
            report.check(true, "after a new start, every other node has the route to " + block + " again");
        } catch (RuntimeException e) {
            report.check(false, e.getMessage());
        }
    }

    static boolean hasRoute(Placed node, IpPrefix block) {
        return Shell.runIn(Names.node(node.name()), "ip", "route", "show", "exact", block.toString(), "proto", "77").output().contains(
                block.toString());
    }
}
