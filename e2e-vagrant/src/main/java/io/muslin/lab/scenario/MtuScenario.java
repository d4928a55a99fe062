package io.muslin.lab.scenario;

import io.muslin.lab.check.Probe;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Pods.Pod;

/**
 * 1400-byte IP packets with DF set cross every pair of pods on different nodes (the encapsulated
 * paths included): the pod MTU leaves room for the encapsulation, and the node MTU carries it.
 */
public final class MtuScenario implements Scenario {
    /** ICMP payload giving a 1400-byte IP packet (1400 - 20 IP - 8 ICMP). */
    private static final int PAYLOAD = 1372;

    @Override
    public String name() {
        return "mtu";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        for (Pod from : lab.pods()) {
            for (Pod to : lab.pods()) {
                if (from.node().equals(to.node())) {
                    continue;
                }
                boolean ok = Probe.ping(from, to.address(), 2, "-M", "do", "-s", String.valueOf(PAYLOAD));
                report.check(ok, from.name() + " -> " + to.name() + ": 1400-byte packets with DF arrive");
            }
        }
    }
}
