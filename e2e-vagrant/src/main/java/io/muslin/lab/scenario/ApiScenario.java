package io.muslin.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.lab.check.ExpectedPaths;
import io.muslin.lab.check.PathKind;
import io.muslin.lab.driver.Agents;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Peering;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.net.IpPrefix;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Each agent's {@code /status}, {@code /readyz} and {@code /metrics}, field by field, against what
 * the topology implies: the sessions it should have (all Established), one block from the pool,
 * one blackhole, and one route per other node of the kind its path calls for.
 */
public final class ApiScenario implements Scenario {
    @Override
    public String name() {
        return "api";
    }

    @Override
    public void run(NetnsLab lab, Report report) {
        Topology t = lab.topology();
        for (Placed n : t.nodes()) {
            String node = n.name();
            Optional<JsonNode> status = lab.agents().status(node);
            if (!report.check(status.isPresent(), node + ": /status answers JSON")) {
                continue;
            }
            JsonNode s = status.get();
            report.check(node.equals(s.path("node").asText()), node + ": node = " + s.path("node").asText());
            report.check(!s.path("version").asText().isEmpty(), node + ": version = " + s.path("version").asText());
            report.check(!s.path("startedAt").asText().isEmpty(), node + ": startedAt = " + s.path("startedAt").asText());
            report.check(s.path("readiness").path("ok").asBoolean(), node + ": readiness.ok (reason: " + s.path("readiness").path("reason").asText() + ")");
            report.check(s.path("datastore").path("connected").asBoolean(), node + ": datastore.connected");
            Set<String> expectedPeers = expectedPeers(t, n);
            Set<String> peers = new HashSet<>();
            for (JsonNode p : s.path("peers")) {
                peers.add(p.path("address").asText());
                report.check(p.path("state").asText().equalsIgnoreCase("Established"),
                        node + ": peer " + p.path("address").asText() + " (" + p.path("type").asText() + ") is " + p.path("state").asText());
            }
            report.check(peers.equals(expectedPeers), node + ": peers " + peers + " = " + expectedPeers);
            JsonNode blocks = s.path("blocks");
            IpPrefix pool = t.pools().get(0).cidr();
            report.check(blocks.size() == 1 && pool.contains(IpPrefix.parse(blocks.get(0).path("cidr").asText())),
                    node + ": one block from " + pool + ": " + blocks);
            JsonNode programmed = s.path("routes").path("programmed");
            int direct = 0;
            int vxlan = 0;
            int ipip = 0;
            for (Placed other : t.nodes()) {
                if (other == n || other.node().equals(n.node())) {
                    continue;
                }
                PathKind k = ExpectedPaths.between(t, t.pools().get(0), n, other);
                switch (k) {
                    case VXLAN -> vxlan++;
                    case IPIP -> ipip++;
                    default -> direct++;
                }
            }
            report.check(programmed.path("direct").asInt(0) == direct && programmed.path("vxlan").asInt(0) == vxlan
                            && programmed.path("ipip").asInt(0) == ipip && programmed.path("blackhole").asInt(-1) == 1,
                    node + ": routes.programmed " + programmed + " = direct " + direct + ", vxlan " + vxlan + ", ipip " + ipip + ", blackhole 1");
            report.check(s.path("routes").path("firstApplyDone").asBoolean(), node + ": routes.firstApplyDone");
            Agents.Answer ready = lab.agents().get(node, "/readyz");
            report.check(ready.code() == 200 && ready.body().strip().equals("ready"), node + ": /readyz " + ready.code() + " " + ready.body().strip());
            Agents.Answer live = lab.agents().get(node, "/healthz");
            report.check(live.code() == 200, node + ": /healthz " + live.code() + " " + live.body().strip());
            String metrics = lab.agents().get(node, "/metrics").body();
            for (String peer : expectedPeers) {
                report.check(metric(metrics, "muslin_bgp_session_state", "peer=\"" + peer + "\"") == 6.0,
                        node + ": muslin_bgp_session_state{peer=" + peer + "} = 6 (established)");
            }
            report.check(metric(metrics, "muslin_routes_programmed", "kind=\"blackhole\"") == 1.0, node + ": muslin_routes_programmed{kind=blackhole} = 1");
            report.check(metric(metrics, "muslin_routes_programmed", "kind=\"vxlan\"") == vxlan, node + ": muslin_routes_programmed{kind=vxlan} = " + vxlan);
            report.check(metric(metrics, "muslin_agent_ready", "") == 1.0, node + ": muslin_agent_ready = 1");
            report.check(metric(metrics, "muslin_datastore_up", "") == 1.0, node + ": muslin_datastore_up = 1");
            report.check(metric(metrics, "muslin_ipam_blocks", "pool=\"" + t.pools().get(0).name() + "\"") == 1.0,
                    node + ": muslin_ipam_blocks{pool=" + t.pools().get(0).name() + "} = 1");
        }
    }

    /** The node's expected session addresses. */
    static Set<String> expectedPeers(Topology t, Placed n) {
        Set<String> out = new HashSet<>();
        if (t.peering() == Peering.TOR) {
            out.add(Topology.gateway(n.rack()).toString());
            return out;
        }
        for (Placed other : t.nodes()) {
            if (other.name().equals(n.name())) {
                continue;
            }
            boolean keep = t.peering() == Peering.MESH || n.node().routeReflector() || other.node().routeReflector();
            if (keep) {
                out.add(Topology.nodeAddress(other).toString());
            }
        }
        return out;
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}; NaN when absent. */
    static double metric(String text, String name, String label) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (!label.isEmpty() && !line.contains(label)) {
                    continue;
                }
                try {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
