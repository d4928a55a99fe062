package io.muslin.lab.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.lab.config.AgentConfigs;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node agents: {@code bin/muslin agent --config FILE}, one per node namespace, and their HTTP
 * API on the node's loopback (asked with curl inside the namespace: this JVM has no route into the lab).
 */
public final class Agents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topology topology;
    private final LabState state;
    private final Path muslinRoot;

    public Agents(Topology topology, LabState state, Path muslinRoot) {
        this.topology = topology;
        this.state = state;
        this.muslinRoot = muslinRoot;
    }

    /** Where the repository is: {@code -Dmuslin.root}, {@code $MUSLIN_ROOT}, or up from the working directory to the one with bin/muslin. */
    public static Path findMuslinRoot() {
        String p = System.getProperty("muslin.root", System.getenv("MUSLIN_ROOT"));
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("bin/muslin")) && Files.isDirectory(d.resolve("e2e-vagrant"))) {
                return d;
            }
        }
        throw new LabException("cannot find the Muslin checkout (bin/muslin): set MUSLIN_ROOT");
    }

    public Path muslinRoot() {
        return muslinRoot;
    }

    public static String role(String node) {
        return "agent-" + node;
    }

    public Path configFile(String node) {
        return state.roleDir(role(node)).resolve("muslin.yaml");
    }

    public Path logFile(String node) {
        return state.roleDir(role(node)).resolve("agent.log");
    }

    /** The node's state directory (the agent writes nodename and mtu there for the CNI plugin). */
    public Path stateDir(String node) {
        return state.roleDir(role(node)).resolve("state");
    }

    public void writeConfig(Placed n) {
        Routers.write(configFile(n.name()), AgentConfigs.agentYaml(topology, n, stateDir(n.name()).toString()));
    }

    /**
     * Runs {@code bin/muslin version} and {@code bin/muslin agent --help} once on this machine before
     * the agents start: bin/muslin makes its AOT caches (the commands' and the agent's) on first use
     * after a build, and agents started together would each make one.
     */
    public void prepare() {
        for (List<String> args : List.of(List.of("version"), List.of("agent", "--help"))) {
            List<String> command = new java.util.ArrayList<>(List.of(muslinRoot.resolve("bin/muslin").toString()));
            command.addAll(args);
            Shell.Result r = Shell.run(command, null, Duration.ofSeconds(180));
            if (!r.ok()) {
                throw new LabException("bin/muslin " + String.join(" ", args) + " failed: " + r.output().strip());
            }
        }
    }

    public void start(String node) {
        Path config = configFile(node);
        if (!Files.exists(config)) {
            writeConfig(topology.node(node));
        }
        Process p = Shell.startIn(Names.node(node), logFile(node), List.of(muslinRoot.resolve("bin/muslin").toString(), "agent",
                "--config", config.toString()), agentEnvironment());
        state.recordProcess(role(node), p);
    }

    /** {@code MUSLIN_LAB_AGENT_JAVA_OPTS} becomes the agents' {@code MUSLIN_JAVA_OPTS} (e.g. a smaller heap for a large lab). */
    private static Map<String, String> agentEnvironment() {
        String opts = System.getenv("MUSLIN_LAB_AGENT_JAVA_OPTS");
        return opts == null || opts.isBlank() ? Map.of() : Map.of("MUSLIN_JAVA_OPTS", opts);
    }

    /** SIGTERM (a rolling update) and wait for the process to end. */
    public void stop(String node) {
        state.process(role(node)).ifPresent(s -> LabState.stop(s, Duration.ofSeconds(30)));
        state.forgetProcess(role(node));
    }

    /** SIGKILL (a crash). */
    public void kill(String node) {
        state.process(role(node)).flatMap(LabState.Started::handle).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        state.forgetProcess(role(node));
    }

    public boolean running(String node) {
        return state.process(role(node)).flatMap(LabState.Started::handle).isPresent();
    }

    /** An HTTP answer from the agent: status code and body ({@code -1} when it did not answer). */
    public record Answer(int code, String body) {}

    public Answer get(String node, String path) {
        Shell.Result r = Shell.runIn(Names.node(node), "curl", "-s", "-m", "3", "-w", "\n%{http_code}",
                "http://127.0.0.1:" + AgentConfigs.HTTP_PORT + path);
        if (!r.ok()) {
            return new Answer(-1, r.output());
        }
        String out = r.output();
        int nl = out.lastIndexOf('\n');
        try {
            return new Answer(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, Math.max(0, nl)));
        } catch (NumberFormatException e) {
            return new Answer(-1, out);
        }
    }

    /** The agent's {@code /status} document, if it answers. */
    public Optional<JsonNode> status(String node) {
        Answer a = get(node, "/status");
        if (a.code() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(a.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean ready(String node) {
        return get(node, "/readyz").code() == 200;
    }

    /** The last lines of the agent's log, for an error message. */
    public String logTail(String node, int lines) {
        String all = Routers.read(logFile(node));
        String[] l = all.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - lines), l.length));
    }
}
