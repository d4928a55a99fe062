package io.muslin.policy.netns;

import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.CommandRunner;
import io.muslin.policy.dataplane.ProcessCommandRunner;
import io.muslin.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Kubernetes node in network namespaces, wired like Calico (and like the seed article): a
 * node namespace {@code mpol-<id>-node} that routes, and one namespace per pod joined to it by a
 * veth ({@code eth0} in the pod, {@code mp-<pod>} on the node), a /32 host route to each pod,
 * proxy ARP on the node side and a default route via 169.254.1.1 in the pod. The node has
 * 10.64.0.1 on an uplink veth and drops forwarded traffic by default, as hardened nodes do.
 * Every namespace has the {@code mpol-} prefix and is removed by {@link #close()} and, should the
 * JVM end first, by a shutdown hook. Nothing outside these namespaces is touched.
 */
public final class NodeLab implements AutoCloseable {

    public static final String NODE_IP = "10.64.0.1";

    private final String id = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()).toLowerCase();
    private final Backend backend;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::removeAll, "mpol-cleanup");

    /** Why namespaces cannot be used here, or null when they can. */
    public static String unavailableReason() {
        String root = Prerequisites.rootReason();
        if (root != null) {
            return root;
        }
        for (String tool : List.of("ip", "iptables-legacy-restore", "iptables-nft-restore", "ipset", "conntrack")) {
            if (!onPath(tool)) {
                return tool + " is not installed (scripts/lib.sh installs iptables, ipset, conntrack)";
            }
        }
        CommandRunner.Result r = sh("ip", "netns", "add", "mpol-probe-" + ProcessHandle.current().pid());
        sh("ip", "netns", "del", "mpol-probe-" + ProcessHandle.current().pid());
        return r.ok() ? null : "cannot create a network namespace: " + r.stderr().strip();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static CommandRunner.Result sh(String... argv) {
        return new ProcessCommandRunner(List.of(), 30_000).run(List.of(argv), null);
    }

    public NodeLab(Backend backend) {
        this.backend = backend;
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String node = node();
            must("ip", "netns", "add", node);
            namespaces.add(node);
            must("ip", "-n", node, "link", "set", "lo", "up");
            // The node's uplink: a veth pair whose far end goes nowhere (some kernels lack the dummy driver).
            must("ip", "-n", node, "link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer");
            must("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", "uplink");
            must("ip", "-n", node, "link", "set", "uplink-peer", "up");
            must("ip", "-n", node, "link", "set", "uplink", "up");
            must("ip", "-n", node, "route", "add", "default", "via", "10.64.0.254", "dev", "uplink", "onlink");
            inNode("sysctl", "-qw", "net.ipv4.ip_forward=1");
            inNode("sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
            inNode("sysctl", "-qw", "net.ipv4.conf.default.rp_filter=0");
            inNode(backend.iptables(), "-P", "FORWARD", "DROP");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String node() {
        return "mpol-" + id + "-node";
    }

    public String podNamespace(String pod) {
        return "mpol-" + id + "-" + pod;
    }

    public Backend backend() {
        return backend;
    }

    /** Runs commands inside the node namespace. */
    public CommandRunner nodeRunner() {
        return ProcessCommandRunner.inNetns(node());
    }

    /** Adds pod {@code pod} with address {@code ip}, reached through {@code mp-<pod>} on the node. */
    public void addPod(String pod, String ip) {
        String ns = podNamespace(pod);
        String veth = "mp-" + pod;
        must("ip", "netns", "add", ns);
        namespaces.add(ns);
        must("ip", "-n", node(), "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must("ip", "-n", ns, "link", "set", "eth0", "up");
        must("ip", "-n", ns, "addr", "add", ip + "/32", "dev", "eth0");
        must("ip", "-n", ns, "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        must("ip", "-n", ns, "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        must("ip", "-n", node(), "link", "set", veth, "up");
        inNode("sysctl", "-qw", "net.ipv4.conf." + veth + ".proxy_arp=1");
        must("ip", "-n", node(), "route", "add", ip + "/32", "dev", veth, "scope", "link");
    }

    /** Starts a traffic agent in the pod's namespace (or the node's, for {@code "node"}). */
    public Agent agent(String pod) {
        return agents.computeIfAbsent(pod, p -> new Agent(p, p.equals("node") ? node() : podNamespace(p)));
    }

    /** Runs a command in the node namespace; fails the test when it fails. */
    public String inNode(String... argv) {
        CommandRunner.Result r = nodeRunner().run(List.of(argv), null);
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
        return r.stdout();
    }

    /** Runs a command in the node namespace and returns the result, failed or not. */
    public CommandRunner.Result tryInNode(String stdin, String... argv) {
        return nodeRunner().run(List.of(argv), stdin);
    }

    private static void must(String... argv) {
        CommandRunner.Result r = sh(argv);
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void removeAll() {
        agents.values().forEach(Agent::kill);
        agents.clear();
        for (String ns : namespaces.reversed()) {
            sh("ip", "netns", "del", ns);
        }
        namespaces.clear();
    }

    /** A {@link TrafficAgent} process in one namespace. */
    public static final class Agent {
        private final String name;
        private final Process process;
        private final OutputStream in;
        private final BufferedReader out;

        Agent(String name, String netns) {
            this.name = name;
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp;
            try {
                cp = Path.of(TrafficAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", netns, java, "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xmx48m", "-Xshare:auto", "-cp", cp, TrafficAgent.class.getName(), name);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the traffic agent", e);
            }
            in = process.getOutputStream();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = readLine();
            if (!("ready " + name).equals(ready)) {
                kill();
                throw new IllegalStateException("traffic agent " + name + " did not start: " + ready);
            }
        }

        /** Sends one command and returns the agent's answer. */
        public synchronized String call(String command) {
            try {
                in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new IllegalStateException("agent " + name + " is gone", e);
            }
            String answer = readLine();
            if (answer == null) {
                throw new IllegalStateException("agent " + name + " closed its output");
            }
            return answer;
        }

        private String readLine() {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public String name() {
            return name;
        }
    }
}
