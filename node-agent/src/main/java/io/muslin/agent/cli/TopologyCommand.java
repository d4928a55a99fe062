package io.muslin.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code muslin topology}: the fabric's link-state topology the agent hears over BGP-LS (through ExaBGP). */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = {"Show the fabric's nodes, links and prefixes heard over BGP-LS from peers the ExaBGP bridge runs.",
            "Exits 1 when the agent cannot be reached."})
final class TopologyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;
    @Mixin
    Output output;
    @Mixin
    AgentOption agent;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AgentClient client = agent.client(config);
        JsonNode topology = client.get("/topology", JsonNode.class);
        output.print(spec.commandLine().getOut(), topology, () -> render(topology));
        return 0;
    }

    static String render(JsonNode t) {
        if (t.path("nodes").isEmpty() && t.path("links").isEmpty() && t.path("prefixes").isEmpty()) {
            return "No BGP-LS topology (no peer with speaker: exabgp sends BGP-LS).\n";
        }
        StringBuilder s = new StringBuilder();
        Table nodes = new Table("NODE", "NAME", "AS", "LEARNED FROM");
        for (JsonNode n : t.path("nodes")) {
            nodes.row(n.path("id").asText(), n.path("name").isTextual() ? n.path("name").asText() : "-",
                    n.path("asNumber").asLong() == 0 ? "-" : n.path("asNumber").asText(), join(n.path("learnedFrom")));
        }
        s.append(nodes.render());
        if (!t.path("links").isEmpty()) {
            Table links = new Table("FROM", "TO", "ADDRESSES", "IGP METRIC");
            for (JsonNode l : t.path("links")) {
                links.row(l.path("local").asText(), l.path("remote").asText(),
                        join(l.path("localAddresses")) + " -> " + join(l.path("remoteAddresses")),
                        l.path("igpMetric").isNumber() ? l.path("igpMetric").asText() : "-");
            }
            s.append('\n').append(links.render());
        }
        if (!t.path("prefixes").isEmpty()) {
            Table prefixes = new Table("PREFIX", "NODE", "METRIC");
            for (JsonNode p : t.path("prefixes")) {
                prefixes.row(p.path("prefix").asText(), p.path("node").asText(),
                        p.path("metric").isNumber() ? p.path("metric").asText() : "-");
            }
            s.append('\n').append(prefixes.render());
        }
        return s.toString();
    }

    private static String join(JsonNode list) {
        StringBuilder s = new StringBuilder();
        for (JsonNode x : list) {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(x.asText());
        }
        return s.isEmpty() ? "-" : s.toString();
    }
}
