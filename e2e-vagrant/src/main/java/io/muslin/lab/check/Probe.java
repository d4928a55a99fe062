package io.muslin.lab.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.lab.config.RouterConfigs;
import io.muslin.lab.driver.Fabric;
import io.muslin.lab.driver.LabException;
import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.driver.Shell;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.net.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One pair of pods checked three ways: a ping from one to the other, the source node's kernel
 * route to the destination, and a capture on the source node's uplink while the ping runs.
 */
public final class Probe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topology topology;
    private final Set<IpAddress> nodeAddresses = new HashSet<>();

    public Probe(Topology topology) {
        this.topology = topology;
        for (Placed n : topology.nodes()) {
            nodeAddresses.add(Topology.nodeAddress(n));
        }
    }

    /** The outcome for one ordered pair. */
    public record PairResult(Pod from, Pod to, boolean reachable, PathKind route, PathKind seen) {
        /** Reached, and the capture saw the path the kernel route gives. */
        public boolean proved() {
            return reachable && route == seen && route != PathKind.UNKNOWN;
        }
    }

    /** The kernel's route from {@code node} to {@code dst}. */
    public PathKind route(String node, IpAddress dst) {
        Shell.Result r = Shell.runIn(Names.node(node), "ip", "-j", "route", "get", dst.toString());
        if (!r.ok()) {
            return PathKind.UNKNOWN;
        }
        try {
            JsonNode first = JSON.readTree(r.output()).path(0);
            String dev = first.path("dev").asText(null);
            String gw = first.path("gateway").asText(null);
            return Paths.fromRoute(dev, gw == null ? null : IpAddress.parse(gw), Topology.gateway(topology.node(node).rack()),
                    nodeAddresses);
        } catch (IOException e) {
            return PathKind.UNKNOWN;
        }
    }

    /** Pings {@code count} times from the pod; true when every echo was answered. */
    public static boolean ping(Pod from, IpAddress to, int count, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(Shell.in(from.namespace(), "ping", "-n", "-q", "-c", String.valueOf(count),
                "-i", "0.2", "-W", "2"));
        cmd.addAll(List.of(extra));
        cmd.add(to.toString());
        Shell.Result r = Shell.run(cmd);
        return r.ok() && r.output().contains(" " + count + " received");
    }

    public PairResult check(Pod from, Pod to) {
        if (from.node().equals(to.node())) {
            boolean ok = ping(from, to.address(), 2);
            return new PairResult(from, to, ok, route(from.node(), to.address()), ok ? PathKind.LOCAL : PathKind.UNKNOWN);
        }
        PathKind route = route(from.node(), to.address());
        Placed src = topology.node(from.node());
        Placed dst = topology.node(to.node());
        String capture = captureDuring(Names.node(from.node()), () -> ping(from, to.address(), 2));
        boolean reachable = ping(from, to.address(), 1);
        String dstMac = Fabric.mac(Names.node(dst.name()), "eth0");
        String torMac = Fabric.mac(Names.tor(src.rack()), RouterConfigs.RACK_BRIDGE);
        PathKind seen = Paths.fromCapture(capture, from.address(), to.address(), Topology.nodeAddress(dst), dstMac, torMac);
        return new PairResult(from, to, reachable, route, seen);
    }

    /** Captures egress on the node's {@code eth0} (ICMP, VXLAN, IP-in-IP) while {@code action} runs. */
    public static String captureDuring(String nodeNamespace, java.util.function.BooleanSupplier action) {
        Path out;
        try {
            out = Files.createTempFile("muslin-lab-capture", ".txt");
        } catch (IOException e) {
            throw new LabException("cannot make a capture file: " + e.getMessage());
        }
        Process p = null;
        try {
            p = new ProcessBuilder(Shell.in(nodeNamespace, "tcpdump", "-i", "eth0", "-Q", "out", "-n", "-e", "-l",
                    "udp port 4789 or ip proto 4 or icmp")).redirectOutput(out.toFile()).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = err.readLine()) != null && !line.contains("listening on")) {
                // tcpdump's banner; capture starts after "listening on"
            }
            if (line == null) {
                throw new LabException("tcpdump did not start in " + nodeNamespace);
            }
            action.getAsBoolean();
            Thread.sleep(200);
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            return Files.readString(out);
        } catch (IOException e) {
            throw new LabException("capture in " + nodeNamespace + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted during a capture");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
