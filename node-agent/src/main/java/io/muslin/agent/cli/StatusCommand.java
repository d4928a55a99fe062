package io.muslin.agent.cli;

import io.muslin.agent.status.AgentStatus;
import io.muslin.agent.status.PeeringStatus;
import io.muslin.exabgp.BridgeStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code muslin status}: the node and its BGP sessions, like {@code calicoctl node status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show this node's readiness and BGP sessions, read from the running agent.",
            "Exits 1 when the agent cannot be reached."})
final class StatusCommand implements Callable<Integer> {
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
        AgentStatus s = client.get("/status", AgentStatus.class);
        output.print(spec.commandLine().getOut(), s, () -> render(s, Instant.now(), ZoneId.systemDefault()));
        return 0;
    }

    static String render(AgentStatus s, Instant now, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append("Muslin agent ").append(s.version()).append(" on node ").append(s.node()).append(", up ")
                .append(duration(Duration.between(s.startedAt(), now))).append(": ")
                .append(s.readiness().ok() ? "ready" : "not ready: " + s.readiness().reason()).append('\n');
        sb.append("Datastore: ").append(s.datastore().description()).append(s.datastore().connected()
                ? " (connected, revision " + s.datastore().revision() + ")" : " (not reachable: " + s.datastore().lastError() + ")")
                .append("\n");
        if (s.exabgp() != null) {
            BridgeStatus x = s.exabgp();
            sb.append("ExaBGP: ").append(x.process().name().toLowerCase(Locale.ROOT))
                    .append(x.pid() > 0 ? " (pid " + x.pid() + ")" : "")
                    .append(x.restarts() > 0 ? ", restarted " + x.restarts() + " time(s), last: " + x.lastError() : "")
                    .append(x.linesSkipped() > 0 ? ", " + x.linesSkipped() + " line(s) skipped, last: " + x.lastSkipped() : "")
                    .append('\n');
        }
        sb.append('\n');
        if (s.peers().isEmpty()) {
            sb.append("No BGP peers.\n");
            return sb.toString();
        }
        for (boolean v6 : new boolean[] {false, true}) {
            Table t = new Table("PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "BFD", "INFO");
            for (PeeringStatus p : s.peers()) {
                if (p.address().contains(":") == v6) {
                    t.row(p.address() + (p.port() == 179 ? "" : " port " + p.port()), p.typeLabel(), p.established() ? "up" : "down",
                            since(p.since(), now, zone), p.bfd() == null ? "-" : p.bfd().state(),
                            p.state() + (p.established() || p.downReason() == null || p.downReason().isEmpty()
                                    ? "" : " (" + p.downReason() + ")"));
                }
            }
            if (!t.isEmpty()) {
                sb.append(v6 ? "IPv6" : "IPv4").append(" BGP status\n").append(t.render()).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code 23:30:04} today, {@code 2030-01-01} before, as calicoctl shows BIRD's "since". */
    static String since(Instant t, Instant now, ZoneId zone) {
        if (t == null) {
            return "";
        }
        LocalDate day = t.atZone(zone).toLocalDate();
        return day.equals(now.atZone(zone).toLocalDate()) ? DateTimeFormatter.ofPattern("HH:mm:ss").format(t.atZone(zone))
                : day.toString();
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + (s % 60) + "s" : s < 86400 ? s / 3600 + "h" + (s % 3600) / 60 + "m"
                : s / 86400 + "d" + (s % 86400) / 3600 + "h";
    }
}
