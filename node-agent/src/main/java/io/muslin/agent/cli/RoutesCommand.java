package io.muslin.agent.cli;

import com.fasterxml.jackson.databind.JavaType;
import io.muslin.agent.status.RouteEntry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code muslin routes}: the routes the agent programs, and why one is not installed. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = {"List the routes the agent programs: prefix, next hop, kind, device, and installed or why not.",
            "Exits 1 when the agent cannot be reached."})
final class RoutesCommand implements Callable<Integer> {
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
        JavaType type = client.json().getTypeFactory().constructCollectionType(List.class, RouteEntry.class);
        List<RouteEntry> routes = client.get("/routes", type);
        output.print(spec.commandLine().getOut(), routes, () -> render(routes));
        return 0;
    }

    static String render(List<RouteEntry> routes) {
        if (routes.isEmpty()) {
            return "No routes.\n";
        }
        Table t = new Table("PREFIX", "NEXT HOP", "KIND", "DEVICE", "INSTALLED");
        for (RouteEntry r : routes) {
            t.row(r.prefix(), r.nextHop() == null ? "-" : r.nextHop(), r.kind() == null ? "-" : r.kind().label(), r.device() == null ? "-" : r.device(),
                    r.installed() ? "yes" : "no: " + r.reason());
        }
        return t.render();
    }
}
