package io.muslin.lab.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.lab.config.LabResources;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.TopologyReader;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network-namespace driver: builds a topology on this machine ({@link #up}), finds a running
 * one again from its state ({@link #attach}), and removes every namespace, link and process it
 * made ({@link #down}, also of a crashed run). Nothing outside namespaces named {@value Names#PREFIX}*
 * is changed; the only processes ended are those the lab started (recorded PIDs, and processes
 * inside its namespaces).
 */
public final class NetnsLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetnsLab.class);
    private static final int RESTARTS = 3;
    private final Topology topology;
    private final LabState state;
    private final EtcdCluster etcd;
    private final Agents agents;

    private NetnsLab(Topology topology, LabState state, Path muslinRoot) {
        this.topology = topology;
        this.state = state;
        this.etcd = new EtcdCluster(topology, state);
        this.agents = new Agents(topology, state, muslinRoot);
    }

    public Topology topology() {
        return topology;
    }

    public LabState state() {
        return state;
    }

    public EtcdCluster etcd() {
        return etcd;
    }

    public Agents agents() {
        return agents;
    }

    /** What {@link #up} should do beyond the network: start the agents, make the pods. */
    public record Options(boolean agents, boolean pods, Duration readyWithin) {
        public static Options full() {
            return new Options(true, true, Duration.ofSeconds(120));
        }

        public static Options networkOnly() {
            return new Options(false, false, Duration.ZERO);
        }
    }

    /**
     * Builds the lab: first removes leftovers of an earlier run, then the namespaces and links, the
     * routers, etcd with the starting resources, the agents (waiting until each is ready) and the
     * pods. On any failure everything made so far is removed before the exception leaves.
     */
    public static NetnsLab up(Path topologyFile, LabState state, Path muslinRoot, Options options) {
        Topology t = TopologyReader.read(topologyFile);
        cleanLeftovers(state);
        NetnsLab lab = new NetnsLab(t, state, muslinRoot);
        state.create(topologyFile);
        Thread hook = new Thread(() -> down(state), "muslin-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            lab.build(options);
        } catch (RuntimeException | Error e) {
            LOG.error("lab up failed ({}), taking everything down", e.getClass().getSimpleName());
            down(state);
            throw e;
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return lab;
    }

    /** The lab that is up now, from its state directory. */
    public static NetnsLab attach(LabState state, Path muslinRoot) {
        Path file = state.topologyFile().orElseThrow(() -> new LabException("no lab is up (nothing in " + state.dir() + ")"));
        return new NetnsLab(TopologyReader.read(file), state, muslinRoot);
    }

    private void build(Options options) {
        long t0 = System.nanoTime();
        Fabric.build(topology);
        Routers.start(topology, state);
        etcd.startAll();
        etcd.apply(LabResources.of(topology));
        waitForUnderlay();
        LOG.info("network, routers and etcd up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        if (options.agents()) {
            agents.prepare();
            for (Placed n : topology.nodes()) {
                agents.writeConfig(n);
                agents.start(n.name());
            }
            waitForAgents(options.readyWithin());
            LOG.info("agents ready after {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
        if (options.pods()) {
            makePods();
        }
    }

    /** Every node reaches every etcd member, and each rack's first node every other rack's, through the routers and the core. */
    private void waitForUnderlay() {
        for (Topology.Rack a : topology.racks()) {
            for (Topology.Rack b : topology.racks()) {
                if (a == b) {
                    continue;
                }
                String from = Names.node(a.nodes().get(0).name());
                String to = Topology.nodeAddress(topology.node(b.nodes().get(0).name())).toString();
                Wait.until(Duration.ofSeconds(40), from + " to reach " + to + " in " + b.name(),
                        () -> Shell.runIn(from, "ping", "-c", "1", "-W", "1", to).ok());
            }
        }
        for (Placed n : topology.nodes()) {
            for (int m = 1; m <= topology.etcd().members(); m++) {
                String target = topology.etcdAddress(m).toString();
                Wait.until(Duration.ofSeconds(40), n.name() + " to reach etcd " + target + " through the routers",
                        () -> Shell.runIn(Names.node(n.name()), "ping", "-c", "1", "-W", "1", target).ok());
            }
        }
    }

    /**
     * Waits until every agent answers {@code /readyz} with 200. An agent that exits meanwhile is
     * started again, up to {@value #RESTARTS} times, as a DaemonSet's pod would be (an agent that
     * finds etcd unreachable at start exits).
     */
    public void waitForAgents(Duration limit) {
        for (Placed n : topology.nodes()) {
            int[] restarts = {0};
            try {
                Wait.until(limit, "agent " + n.name() + " to be ready", () -> {
                    if (!agents.running(n.name())) {
                        if (restarts[0] == RESTARTS) {
                            throw new LabException("agent " + n.name() + " exited " + (RESTARTS + 1) + " times; the end of its log:\n"
                                    + agents.logTail(n.name(), 15));
                        }
                        restarts[0]++;
                        LOG.warn("agent {} exited; starting it again ({} of {})", n.name(), restarts[0], RESTARTS);
                        agents.start(n.name());
                    }
                    return agents.ready(n.name());
                });
            } catch (LabException e) {
                if (e.getMessage().startsWith("agent " + n.name() + " exited")) {
                    throw e;
                }
                Agents.Answer a = agents.get(n.name(), "/readyz");
                throw new LabException(e.getMessage() + " (/readyz: " + a.code() + " " + a.body().strip() + "); the end of its log:\n"
                        + agents.logTail(n.name(), 15), e);
            }
        }
    }

    /** The node's first block as its agent reports it. */
    public IpPrefix nodeBlock(String node) {
        Optional<JsonNode> s = agents.status(node);
        JsonNode blocks = s.map(j -> j.path("blocks")).orElseThrow(() -> new LabException("agent " + node + " gives no /status"));
        if (!blocks.isArray() || blocks.isEmpty()) {
            throw new LabException("agent " + node + " reports no block in /status");
        }
        return IpPrefix.parse(blocks.get(0).path("cidr").asText());
    }

    /** This lab seen with another variant of its topology (same hosts, e.g. after a live peering switch). */
    public NetnsLab withTopology(Topology variant) {
        return new NetnsLab(variant, state, agents.muslinRoot());
    }

    /** The rack routers take the configuration of {@code t}'s peering variant, live. */
    public void reconfigureRouters(Topology t) {
        Routers.reconfigure(t, state);
    }

    public CniPods cni() {
        return new CniPods(topology, agents);
    }

    private void makePods() {
        List<Pod> pods = new ArrayList<>();
        if (topology.podMode() == Topology.PodMode.CNI) {
            for (Placed n : topology.nodes()) {
                for (int i = 0; i < n.node().pods(); i++) {
                    pods.add(cni().add(n.name(), i));
                }
            }
            savePods(pods);
            return;
        }
        for (Placed n : topology.nodes()) {
            if (n.node().pods() == 0) {
                continue;
            }
            Wait.until(Duration.ofSeconds(30), n.name() + "'s block", () -> {
                try {
                    nodeBlock(n.name());
                    return true;
                } catch (LabException e) {
                    return false;
                }
            });
            IpPrefix block = nodeBlock(n.name());
            int mtu = podMtu(n.name());
            for (int i = 0; i < n.node().pods(); i++) {
                pods.add(Pods.create(n.name(), i, Pods.addressInBlock(block, i), mtu));
            }
        }
        savePods(pods);
    }

    /** The pod MTU the agent wrote for the CNI plugin ({@code <stateDir>/mtu}); 0 when it wrote none. */
    public int podMtu(String node) {
        Path f = agents.stateDir(node).resolve("mtu");
        try {
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage());
        }
    }

    public void savePods(List<Pod> pods) {
        StringBuilder b = new StringBuilder();
        for (Pod p : pods) {
            b.append(p.name()).append(' ').append(p.namespace()).append(' ').append(p.node()).append(' ').append(p.address())
                    .append(' ').append(p.hostDevice()).append('\n');
        }
        Routers.write(state.dir().resolve("pods"), b.toString());
    }

    public List<Pod> pods() {
        Path f = state.dir().resolve("pods");
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            List<Pod> out = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                String[] p = line.trim().split(" ");
                if (p.length == 5) {
                    out.add(new Pod(p[0], p[1], p[2], IpAddress.parse(p[3]), p[4]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** Takes the lab down: every process it started, every namespace of ours, the state directory. */
    public static void down(LabState state) {
        for (LabState.Started s : state.processes()) {
            if (s.role().startsWith("agent-")) {
                LabState.stop(s, Duration.ofSeconds(10));
            }
        }
        for (LabState.Started s : state.processes()) {
            LabState.stop(s, Duration.ofSeconds(5));
        }
        for (String ns : Fabric.ourNamespaces()) {
            Fabric.removeNamespace(ns);
        }
        state.delete();
    }

    /** Removes what a crashed or interrupted run left (namespaces of ours, recorded processes). */
    public static void cleanLeftovers(LabState state) {
        if (!state.processes().isEmpty() || !Fabric.ourNamespaces().isEmpty()) {
            LOG.info("removing the leftovers of an earlier lab");
        }
        down(state);
    }

    @Override
    public void close() {
        down(state);
    }
}
