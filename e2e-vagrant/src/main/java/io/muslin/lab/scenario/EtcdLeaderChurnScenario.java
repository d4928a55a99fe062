package io.muslin.lab.scenario;

import io.muslin.lab.driver.CniPods;
import io.muslin.lab.driver.LabException;
import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.driver.Shell;
import io.muslin.lab.driver.Wait;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod churn through the CNI plugin (ADDs on every node, some DELs) while the etcd leader is killed
 * with SIGKILL: no address is handed to two live pods, IPAM's own consistency check finds nothing,
 * every agent stays ready. A failed ADD is retried once, as a runtime retries a sandbox.
 */
public final class EtcdLeaderChurnScenario implements Scenario {
    private static final int ADDS = 9;
    private static final int FIRST_INDEX = 10;

    @Override
    public String name() {
        return "etcd-leader";
    }

    @Override
    public boolean appliesTo(Topology t) {
        return t.etcd().members() == 3 && t.podMode() == Topology.PodMode.CNI;
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        List<Placed> nodes = lab.topology().nodes();
        CniPods cni = lab.cni();
        List<Pod> live = new ArrayList<>(lab.pods());
        List<Pod> churned = new ArrayList<>();
        int killed = 0;
        int retries = 0;
        try {
            for (int k = 0; k < ADDS; k++) {
                if (k == 3) {
                    killed = lab.etcd().leader();
                    report.check(killed > 0, "etcd has a leader before the kill: member " + killed);
                    if (killed > 0) {
                        lab.etcd().kill(killed);
                        report.note("killed etcd member " + killed + " (the leader) with SIGKILL during the churn");
                    }
                }
                Placed n = nodes.get(k % nodes.size());
                Pod p;
                try {
                    p = cni.add(n.name(), FIRST_INDEX + k);
                } catch (LabException e) {
                    retries++;
                    report.note("ADD retried: " + e.getMessage());
                    RestartScenario.sleep(2000);
                    p = cni.add(n.name(), FIRST_INDEX + k);
                }
                churned.add(p);
                live.add(p);
                if (k % 3 == 2) {
                    Pod gone = churned.remove(0);
                    cni.delete(gone);
                    live.remove(gone);
                }
            }
            report.check(true, ADDS + " ADDs and " + (ADDS / 3) + " DELs done (" + retries + " ADD(s) retried once)");
            Map<IpAddress, String> seen = new HashMap<>();
            for (Pod p : live) {
                String other = seen.put(p.address(), p.name());
                report.check(other == null, p.name() + " has " + p.address() + (other == null ? ", no other live pod has it" : ", as " + other + " has"));
            }
            Shell.Result check = Shell.run(Shell.in(Names.node(nodes.get(0).name()), lab.agents().muslinRoot().resolve("bin/muslin").toString(),
                    "ipam", "check", "--config", lab.agents().configFile(nodes.get(0).name()).toString()), null, Duration.ofSeconds(60));
            report.check(check.ok(), "muslin ipam check finds nothing: " + check.output().strip());
            for (Pod p : churned) {
                Pod to = live.get(0);
                report.check(io.muslin.lab.check.Probe.ping(p, to.address(), 1), p.name() + " (added during the churn) reaches " + to.name());
            }
            for (Placed n : nodes) {
                report.check(lab.agents().ready(n.name()), n.name() + ": agent ready after the churn");
            }
        } catch (LabException e) {
            report.check(false, e.getMessage());
        } finally {
            for (Pod p : churned) {
                try {
                    cni.delete(p);
                } catch (LabException e) {
                    report.check(false, "cleanup: " + e.getMessage());
                }
            }
            if (killed > 0) {
                lab.etcd().start(killed, false);
                final int member = killed;
                try {
                    Wait.until(Duration.ofSeconds(60), "etcd member " + member + " back", lab.etcd()::healthy);
                } catch (LabException e) {
                    report.check(false, e.getMessage());
                }
            }
        }
    }
}
