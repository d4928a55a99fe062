package io.muslin.lab.scenario;

import io.muslin.lab.check.ExpectedPaths;
import io.muslin.lab.check.Matrix;
import io.muslin.lab.check.PathKind;
import io.muslin.lab.check.Probe;
import io.muslin.lab.check.Probe.PairResult;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.topology.Topology;

/**
 * Every pod reaches every other, and each pair's path — read from the kernel route and from a
 * capture on the way — is the one the topology calls for: direct within a rack, vxlan or ipip
 * across racks (or always, per the pool), plain IP via the racks' routers in ToR peering.
 */
public final class PathsScenario implements Scenario {
    @Override
    public String name() {
        return "paths";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        Topology t = lab.topology();
        Matrix m = Matrix.measure(new Probe(t), lab.pods());
        report.note("matrix:\n" + m.render());
        Topology.Pool pool = t.pools().get(0);
        for (PairResult r : m.results()) {
            PathKind expected = ExpectedPaths.between(t, pool, t.node(r.from().node()), t.node(r.to().node()));
            report.check(r.reachable() && r.route() == expected && r.seen() == expected,
                    r.from().name() + " -> " + r.to().name() + ": expected " + expected.text() + ", " + (r.reachable() ? "reached" : "NOT reached")
                            + ", route " + r.route().text() + ", capture " + r.seen().text());
        }
    }
}
