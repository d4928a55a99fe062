package io.muslin.lab.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.topology.Topology;
import io.muslin.net.IpAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods attached by Muslin's CNI plugin exactly as a container runtime calls it: {@code bin/muslin-cni}
 * executed in the node's namespace with {@code CNI_COMMAND}, {@code CNI_CONTAINERID},
 * {@code CNI_NETNS}, {@code CNI_IFNAME}, {@code CNI_ARGS} and {@code CNI_PATH} set and the
 * network configuration (the conflist's plugin entry with the list's {@code cniVersion} and
 * {@code name}) on standard input; the address comes from the result.
 */
public final class CniPods {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String NETWORK = "k8s-pod-network";
    private final Topology topology;
    private final Agents agents;

    public CniPods(Topology topology, Agents agents) {
        this.topology = topology;
        this.agents = agents;
    }

    /** The network configuration the runtime hands the plugin for {@code node}. */
    public String networkConfig(String node) {
        ObjectNode conf = JSON.createObjectNode();
        conf.put("cniVersion", "1.0.0").put("name", NETWORK).put("type", "muslin");
        conf.put("nodeName", node).put("stateDir", agents.stateDir(node).toString()).put("logLevel", "warn");
        ObjectNode ds = conf.putObject("datastore");
        ds.put("type", "etcd");
        var endpoints = ds.putObject("etcd").putArray("endpoints");
        topology.etcdEndpoints().forEach(endpoints::add);
        conf.putObject("ipam").put("type", "muslin");
        return conf.toString();
    }

    /** CNI ADD of pod {@code index} on {@code node}: its namespace is made first, as a runtime makes the sandbox. */
    public Pod add(String node, int index) {
        String name = Names.podName(node, index);
        String ns = Names.pod(node, index);
        Fabric.namespace(ns);
        Shell.Result r = call("ADD", node, name, ns);
        if (!r.ok()) {
            Fabric.removeNamespace(ns);
            throw new LabException("CNI ADD of " + name + " on " + node + " failed (" + r.exit() + "): " + r.output().strip());
        }
        try {
            JsonNode result = JSON.readTree(lastJson(r.output()));
            String address = result.path("ips").path(0).path("address").asText();
            String host = "";
            for (JsonNode i : result.path("interfaces")) {
                if (!i.has("sandbox")) {
                    host = i.path("name").asText();
                }
            }
            return new Pod(name, ns, node, IpAddress.parse(address.substring(0, address.indexOf('/'))), host);
        } catch (IOException | RuntimeException e) {
            throw new LabException("CNI ADD of " + name + " gave no usable result: " + r.output().strip());
        }
    }

    /** CNI DEL, then the sandbox goes. */
    public void delete(Pod pod) {
        Shell.Result r = call("DEL", pod.node(), pod.name(), pod.namespace());
        Fabric.removeNamespace(pod.namespace());
        if (!r.ok()) {
            throw new LabException("CNI DEL of " + pod.name() + " failed (" + r.exit() + "): " + r.output().strip());
        }
    }

    private Shell.Result call(String command, String node, String pod, String ns) {
        Path plugin = agents.muslinRoot().resolve("bin/muslin-cni");
        List<String> cmd = new ArrayList<>(List.of("env", "CNI_COMMAND=" + command, "CNI_CONTAINERID=" + containerId(pod),
                "CNI_NETNS=/var/run/netns/" + ns, "CNI_IFNAME=eth0", "CNI_PATH=" + plugin.getParent(),
                "CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=" + pod + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId(pod),
                // The node's agent serves the call (its cniServerFile); the launcher falls back to
                // running the whole plugin when that agent is down.
                "MUSLIN_CNI_SERVER=" + agents.stateDir(node).resolve("cni-server"), plugin.toString()));
        return Shell.run(Shell.in(Names.node(node), cmd.toArray(String[]::new)), networkConfig(node), Duration.ofSeconds(60));
    }

    static String containerId(String pod) {
        return "mlab" + Integer.toHexString(pod.hashCode()) + pod.replaceAll("[^a-z0-9]", "");
    }

    /** The result document: the plugin prints it last on standard output. */
    private static String lastJson(String out) {
        int start = out.indexOf('{');
        return start < 0 ? out : out.substring(start);
    }
}
