package io.muslin.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.WorkloadEndpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each Kubernetes object becomes in the datastore (pure functions, no I/O).
 *
 * <ul>
 *   <li>Node → {@link Node}: the Kubernetes labels merged into the datastore node's labels (labels
 *       set on the datastore node by hand stay; the ones that came from Kubernetes are remembered in
 *       {@value #KUBE_LABELS} so that a label removed in Kubernetes is removed here, as Calico's
 *       node controller does), {@code spec.podCIDRs} in {@value #POD_CIDRS} and the
 *       {@code InternalIP} addresses in {@value #INTERNAL_IPS}; the spec (BGP identity, tunnel
 *       addresses), which the node's agent writes, is kept as it is.</li>
 *   <li>Namespace → {@link Namespace}: name and labels.</li>
 *   <li>NetworkPolicy → {@link NetworkPolicy}: the {@code networking.k8s.io/v1} spec as it is; of
 *       the metadata only name, namespace, labels and annotations (without kubectl's
 *       last-applied copy); {@code uid}, {@code managedFields}, {@code status} and the like are
 *       dropped.</li>
 *   <li>Pod → the labels and named container ports of the pod's existing {@link WorkloadEndpoint};
 *       the endpoint itself (interface, addresses, container) is written by the CNI plugin.</li>
 * </ul>
 *
 * Namespaces and policies written here carry {@value #MIRRORED} = {@value #FROM_KUBERNETES}, so
 * that a full resync deletes only what it wrote and leaves resources written directly to the
 * datastore alone.
 */
public final class Mirrors {
    /** Marks a resource written by the Kubernetes sync. */
    public static final String MIRRORED = "muslin.io/mirrored-from";
    public static final String FROM_KUBERNETES = "kubernetes";
    /** On a Node: the labels that came from Kubernetes, as a JSON object. */
    public static final String KUBE_LABELS = "muslin.io/kube-labels";
    /** On a Node: the Kubernetes node's {@code spec.podCIDRs}, comma-separated. */
    public static final String POD_CIDRS = "muslin.io/pod-cidrs";
    /** On a Node: the Kubernetes node's {@code InternalIP} addresses, comma-separated. */
    public static final String INTERNAL_IPS = "muslin.io/internal-ips";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** fabric8's own serialization: it writes IntOrString and the like as Kubernetes does. */
    private static final KubernetesSerialization KUBE_JSON = new KubernetesSerialization();

    private Mirrors() {}

    /** The datastore node for a Kubernetes node, keeping what {@code existing} holds that is not Kubernetes'. */
    public static Node node(io.fabric8.kubernetes.api.model.Node kube, Optional<Node> existing) {
        String name = kube.getMetadata().getName();
        Map<String, String> kubeLabels = orEmpty(kube.getMetadata().getLabels());
        ObjectMeta old = existing.map(Node::metadata).orElse(ObjectMeta.named(name));
        Map<String, String> previouslyMirrored = parseLabels(old.annotations() == null ? null : old.annotations().get(KUBE_LABELS));
        Map<String, String> labels = new TreeMap<>(old.labelsOrEmpty());
        previouslyMirrored.keySet().forEach(labels::remove);
        labels.putAll(kubeLabels);
        Map<String, String> annotations = new TreeMap<>(old.annotations() == null ? Map.of() : old.annotations());
        annotations.put(KUBE_LABELS, writeLabels(kubeLabels));
        List<String> cidrs = kube.getSpec() == null ? List.of() : kube.getSpec().getPodCIDRs() != null
                && !kube.getSpec().getPodCIDRs().isEmpty() ? kube.getSpec().getPodCIDRs()
                : kube.getSpec().getPodCIDR() == null ? List.of() : List.of(kube.getSpec().getPodCIDR());
        putOrRemove(annotations, POD_CIDRS, String.join(",", cidrs));
        List<String> internal = new ArrayList<>();
        if (kube.getStatus() != null && kube.getStatus().getAddresses() != null) {
            for (NodeAddress a : kube.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
                    internal.add(a.getAddress());
                }
            }
        }
        putOrRemove(annotations, INTERNAL_IPS, String.join(",", internal));
        ObjectMeta meta = new ObjectMeta(name, null, labels.isEmpty() ? null : labels, annotations, null);
        return new Node(meta, existing.map(Node::spec).orElse(null));
    }

    /** The datastore namespace for a Kubernetes namespace. */
    public static Namespace namespace(io.fabric8.kubernetes.api.model.Namespace kube) {
        Map<String, String> labels = kube.getMetadata().getLabels();
        return new Namespace(new ObjectMeta(kube.getMetadata().getName(), null, labels == null || labels.isEmpty() ? null : labels,
                Map.of(MIRRORED, FROM_KUBERNETES), null));
    }

    /**
     * The datastore policy for a Kubernetes one.
     *
     * @throws io.muslin.datastore.model.ValidationException or {@link IllegalArgumentException} when the
     *     spec holds a field the datastore does not know or a value it refuses; the message names it
     */
    public static NetworkPolicy networkPolicy(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy kube) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", NetworkPolicy.API_VERSION);
        doc.put("kind", "NetworkPolicy");
        ObjectNode meta = doc.putObject("metadata");
        meta.put("name", kube.getMetadata().getName());
        meta.put("namespace", kube.getMetadata().getNamespace());
        Map<String, String> labels = kube.getMetadata().getLabels();
        if (labels != null && !labels.isEmpty()) {
            meta.set("labels", JSON.valueToTree(new TreeMap<>(labels)));
        }
        Map<String, String> annotations = new TreeMap<>(orEmpty(kube.getMetadata().getAnnotations()));
        annotations.remove(LAST_APPLIED);
        annotations.put(MIRRORED, FROM_KUBERNETES);
        meta.set("annotations", JSON.valueToTree(annotations));
        JsonNode spec = kube.getSpec() == null ? null : readTree(KUBE_JSON.asJson(kube.getSpec()));
        doc.set("spec", spec == null || spec.isNull() ? JSON.createObjectNode() : withoutNulls(spec));
        try {
            NetworkPolicy p = Resources.fromJson(JSON.writeValueAsBytes(doc), NetworkPolicy.class);
            p.requireValid();
            return p;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("NetworkPolicy " + kube.getMetadata().getNamespace() + "/"
                    + kube.getMetadata().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The endpoint with the pod's labels and named container ports; everything else as it is. */
    public static WorkloadEndpoint workloadEndpoint(Pod pod, WorkloadEndpoint existing) {
        Map<String, String> labels = orEmpty(pod.getMetadata().getLabels());
        ObjectMeta m = existing.metadata();
        ObjectMeta meta = new ObjectMeta(m.name(), m.namespace(), labels.isEmpty() ? null : labels, m.annotations(), null);
        List<WorkloadEndpoint.Port> ports = namedPorts(pod);
        WorkloadEndpoint.Spec s = existing.spec();
        WorkloadEndpoint.Spec spec = new WorkloadEndpoint.Spec(s.orchestrator(), s.node(), s.pod(), s.endpoint(), s.containerID(),
                s.ipNetworks(), s.interfaceName(), s.mac(), s.profiles(), ports.isEmpty() ? null : ports);
        return new WorkloadEndpoint(meta, spec);
    }

    /** The pod's named container ports (what a policy's named port resolves to); TCP when no protocol is given. */
    static List<WorkloadEndpoint.Port> namedPorts(Pod pod) {
        List<WorkloadEndpoint.Port> ports = new ArrayList<>();
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return ports;
        }
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getName() != null && !p.getName().isEmpty() && p.getContainerPort() != null) {
                    ports.add(new WorkloadEndpoint.Port(p.getName(), p.getProtocol() == null ? "TCP" : p.getProtocol(),
                            p.getContainerPort()));
                }
            }
        }
        return ports;
    }

    /** The same resource, ignoring {@code metadata.resourceVersion}: is a write needed? */
    static boolean sameContent(io.muslin.datastore.model.Resource a, io.muslin.datastore.model.Resource b) {
        return java.util.Arrays.equals(Resources.toJson(a.withMetadata(a.metadata().withResourceVersion(null))),
                Resources.toJson(b.withMetadata(b.metadata().withResourceVersion(null))));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fabric8 wrote JSON that cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode withoutNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    withoutNulls(e.getValue());
                }
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(Mirrors::withoutNulls);
        }
        return n;
    }

    private static Map<String, String> parseLabels(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> m = new LinkedHashMap<>();
            JSON.readTree(json).properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String writeLabels(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putOrRemove(Map<String, String> m, String key, String value) {
        if (value.isEmpty()) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
