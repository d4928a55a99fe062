package io.muslin.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.lab.check.Leftovers;
import io.muslin.lab.check.Matrix;
import io.muslin.lab.check.Probe;
import io.muslin.lab.driver.Agents;
import io.muslin.lab.driver.LabException;
import io.muslin.lab.driver.LabState;
import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.scenario.Report;
import io.muslin.lab.scenario.Scenario;
import io.muslin.lab.scenario.Scenarios;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.TopologyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code e2e-vagrant/lab up|status|test|down|shell}: the network-namespace lab on this machine.
 * Exit status: 0 done (for {@code test}: every pair reached and its path proved), 1 failed,
 * 2 bad command line or topology file.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "The Muslin lab in network namespaces on this machine.",
        subcommands = {LabMain.Up.class, LabMain.Status.class, LabMain.Test.class, LabMain.Down.class, LabMain.Shell.class,
                LabMain.VagrantFilesCmd.class, LabMain.PlanCmd.class, LabMain.QemuCmd.class})
public final class LabMain implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new LabMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TopologyException) {
                System.err.println("lab: bad topology: " + e.getMessage());
                return 2;
            }
            if (e instanceof LabException) {
                System.err.println("lab: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    static Path muslinRoot() {
        return Agents.findMuslinRoot();
    }

    /** A topology given as a name from e2e-vagrant/topologies or as a file path. */
    static Path topologyFile(String nameOrPath) {
        Path asPath = Path.of(nameOrPath);
        if (Files.isRegularFile(asPath)) {
            return asPath.toAbsolutePath();
        }
        Path named = muslinRoot().resolve("e2e-vagrant/topologies").resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new TopologyException(nameOrPath + ": no such file, and no topology of that name in e2e-vagrant/topologies");
    }

    @Command(name = "up", description = "Build the lab (removing an earlier one's leftovers first).")
    static final class Up implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "two-racks-mesh", description = "topology name or file (default ${DEFAULT-VALUE})")
        String topology;

        @Option(names = "--network-only", description = "only the namespaces, routers and etcd: no agents, no pods")
        boolean networkOnly;

        @Override
        public Integer call() {
            Path file = topologyFile(topology);
            long t0 = System.nanoTime();
            String ready = System.getenv("MUSLIN_LAB_READY_SECONDS");
            NetnsLab.Options full = ready == null || ready.isBlank() ? NetnsLab.Options.full()
                    : new NetnsLab.Options(true, true, java.time.Duration.ofSeconds(Long.parseLong(ready.strip())));
            NetnsLab lab = NetnsLab.up(file, LabState.fromEnvironment(), muslinRoot(), networkOnly ? NetnsLab.Options.networkOnly() : full);
            Topology t = lab.topology();
            System.out.printf("lab %s is up in %.1f s: %d racks, %d nodes, %d pods, etcd x%d, peering %s%n", t.name(),
                    (System.nanoTime() - t0) / 1e9, t.racks().size(), t.nodes().size(), lab.pods().size(), t.etcd().members(),
                    t.peering().text());
            return 0;
        }
    }

    @Command(name = "status", description = "Each node's BGP sessions and routes, from its agent's /status.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            NetnsLab lab = NetnsLab.attach(LabState.fromEnvironment(), muslinRoot());
            System.out.print(StatusReport.render(lab));
            return 0;
        }
    }

    @Command(name = "test", description = "The pod-to-pod connectivity matrix, each pair's path checked by route and capture; "
            + "with --scenario, end-to-end scenarios.")
    static final class Test implements Callable<Integer> {
        @Option(names = "--scenario", paramLabel = "NAME", description = "run this scenario (repeatable; 'all' for every one): "
                + "paths, mtu, api, bad-config, restart-sigterm, restart-sigkill, sigkill, etcd-down")
        List<String> scenarios = List.of();

        @Option(names = "--quick", description = "ping every pair once, 4 sources at a time, paths from the kernel routes only (no capture)")
        boolean quick;

        @Option(names = "--etcd-outage", paramLabel = "SECONDS", defaultValue = "60", description = "how long etcd-down stops etcd (default ${DEFAULT-VALUE})")
        int etcdOutage;

        @Override
        public Integer call() {
            NetnsLab lab = NetnsLab.attach(LabState.fromEnvironment(), muslinRoot());
            if (scenarios.isEmpty()) {
                Matrix m = quick ? Matrix.measureQuick(new Probe(lab.topology()), lab.pods(), 4)
                        : Matrix.measure(new Probe(lab.topology()), lab.pods());
                System.out.print(m.render());
                return m.allProved() ? 0 : 1;
            }
            java.time.Duration outage = java.time.Duration.ofSeconds(etcdOutage);
            List<Scenario> run = scenarios.contains("all") ? Scenarios.all(outage)
                    : scenarios.stream().map(n -> Scenarios.named(n, outage)).toList();
            boolean ok = true;
            for (Scenario s : run) {
                if (!s.appliesTo(lab.topology())) {
                    System.out.println("== " + s.name() + ": does not apply to " + lab.topology().name());
                    continue;
                }
                Report r = new Report(s.name());
                s.run(lab, r);
                System.out.print(r.render());
                ok &= r.passed();
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "down", description = "Remove every namespace, link and process of the lab.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            LabState state = LabState.fromEnvironment();
            NetnsLab.down(state);
            List<String> left = Leftovers.find(state);
            if (!left.isEmpty()) {
                System.err.println("lab: left behind:\n  " + String.join("\n  ", left));
                return 1;
            }
            System.out.println("lab is down; nothing of it is left");
            return 0;
        }
    }

    @Command(name = "shell", description = "A shell in a node's (or pod's, router's) namespace.")
    static final class Shell implements Callable<Integer> {
        @Parameters(index = "0", description = "node name (node1), or a namespace of the lab (mlab-...)")
        String target;

        @Override
        public Integer call() throws Exception {
            NetnsLab lab = NetnsLab.attach(LabState.fromEnvironment(), muslinRoot());
            String ns = target.startsWith(Names.PREFIX) ? target : Names.node(lab.topology().node(target).name());
            Optional<String> shell = Optional.ofNullable(System.getenv("SHELL")).filter(s -> !s.isBlank());
            Process p = new ProcessBuilder("ip", "netns", "exec", ns, shell.orElse("/bin/bash")).inheritIO().start();
            return p.waitFor();
        }
    }

    @Command(name = "vagrant-files", description = "Write what the Vagrant VMs' provisioning reads (agent configurations, "
            + "the router's BIRD configuration, the starting resources) for a topology.")
    static final class VagrantFilesCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "topology name or file")
        String topology;

        @Parameters(index = "1", description = "output directory")
        Path dir;

        @Override
        public Integer call() {
            io.muslin.lab.vagrant.VagrantFiles.write(io.muslin.lab.topology.TopologyReader.read(topologyFile(topology)), dir);
            return 0;
        }
    }

    @Command(name = "plan", description = "The Vagrant plan (networks, VMs, roles, addresses) of a topology, as JSON.")
    static final class PlanCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "topology name or file")
        String topology;

        @Override
        public Integer call() throws Exception {
            var plan = io.muslin.lab.vagrant.VagrantPlan.of(io.muslin.lab.topology.TopologyReader.read(topologyFile(topology)));
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(plan));
            return 0;
        }
    }

    @Command(name = "qemu", description = "up, status, test and down of a topology inside Debian's kernel under QEMU "
            + "(for ipip, which this machine's kernel may lack); the guest's console is printed.")
    static final class QemuCmd implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "two-racks-ipip", description = "topology name or file (default ${DEFAULT-VALUE})")
        String topology;

        @Option(names = "--timeout", defaultValue = "1500", description = "seconds before the guest is stopped (default ${DEFAULT-VALUE})")
        int timeout;

        @Override
        public Integer call() {
            io.muslin.lab.qemu.QemuLab.missing().ifPresent(m -> {
                throw new LabException("cannot run the lab under QEMU: " + m);
            });
            String console = io.muslin.lab.qemu.QemuLab.run(muslinRoot(), topologyFile(topology).toString(), timeout, System.out::println);
            return console.contains("MUSLIN-LAB-QEMU test exit 0") ? 0 : 1;
        }
    }

    /** The text of {@code lab status}. */
    static final class StatusReport {
        private StatusReport() {
        }

        static String render(NetnsLab lab) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%-8s %-6s %-11s %-10s %s%n", "NODE", "RACK", "ADDRESS", "READY", "BLOCKS / ROUTES"));
            List<String> sessions = new java.util.ArrayList<>();
            for (Placed n : lab.topology().nodes()) {
                Optional<JsonNode> s = lab.agents().status(n.name());
                if (s.isEmpty()) {
                    b.append(String.format("%-8s %-6s %-11s %s%n", n.name(), n.rack().name(), Topology.nodeAddress(n), "agent does not answer"));
                    continue;
                }
                JsonNode st = s.get();
                StringBuilder blocks = new StringBuilder();
                for (JsonNode bl : st.path("blocks")) {
                    blocks.append(bl.path("cidr").asText()).append(' ');
                }
                JsonNode prog = st.path("routes").path("programmed");
                b.append(String.format("%-8s %-6s %-11s %-10s %sroutes: direct %d, vxlan %d, ipip %d, blackhole %d%n", n.name(),
                        n.rack().name(), Topology.nodeAddress(n), st.path("readiness").path("ok").asBoolean() ? "ready" : "NOT READY",
                        blocks, prog.path("direct").asInt(), prog.path("vxlan").asInt(), prog.path("ipip").asInt(),
                        prog.path("blackhole").asInt()));
                if (!st.path("readiness").path("ok").asBoolean()) {
                    b.append("         ").append(st.path("readiness").path("reason").asText()).append('\n');
                }
                for (JsonNode p : st.path("peers")) {
                    sessions.add(String.format("%-8s %-15s %-6s %-7s %-12s %8s %10s%n", n.name(), p.path("address").asText(),
                            p.path("type").asText(), p.path("asNumber").asText(), p.path("state").asText(),
                            p.path("prefixesReceived").asText("0"), p.path("prefixesAdvertised").asText("0")));
                }
            }
            b.append('\n').append(String.format("%-8s %-15s %-6s %-7s %-12s %8s %10s%n", "NODE", "PEER", "TYPE", "AS", "STATE", "RECEIVED",
                    "ADVERTISED"));
            sessions.forEach(b::append);
            return b.toString();
        }
    }
}
