package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniRequest;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.net.InterfaceAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pod's {@code WorkloadEndpoint}, written by ADD before the result goes back (so the agent's
 * policy sees the endpoint before the pod's first packet) and deleted by DEL. Named as Calico
 * names them, each {@code -} doubled: {@code <node>-k8s-<pod>-<ifname>} for a Kubernetes pod
 * (orchestrator {@code k8s}), {@code <node>-cni-<container id>-<ifname>} otherwise (orchestrator
 * {@code cni}). The annotations {@value #NETWORK} and {@value #HANDLE} tie it to the CNI
 * network and the IPAM handle (GC uses them).
 */
public final class Endpoints {
    public static final String NETWORK = "cni.muslin.io/network";
    public static final String HANDLE = "cni.muslin.io/ipam-handle";
    /** Namespace of endpoints whose runtime gives none (podman, plain CNI). */
    public static final String DEFAULT_NAMESPACE = "default";

    private final ResourceStore resources;

    public Endpoints(ResourceStore resources) {
        this.resources = resources;
    }

    public static String name(String node, CniRequest req) {
        String middle = req.podName().isPresent() && req.podNamespace().isPresent()
                ? "k8s-" + escape(req.podName().get())
                : "cni-" + escape(req.containerId());
        return (escape(node) + "-" + middle + "-" + escape(req.ifname())).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String namespace(CniRequest req) {
        return req.podNamespace().orElse(DEFAULT_NAMESPACE);
    }

    private static String escape(String s) {
        return s.replace("-", "--");
    }

    /** Creates or replaces the endpoint of this attachment. */
    public WorkloadEndpoint register(String network, String handle, String node, CniRequest req, String hostIf, String mac,
                                     List<InterfaceAddress> addresses) {
        boolean k8s = req.podName().isPresent() && req.podNamespace().isPresent();
        ObjectMeta meta = new ObjectMeta(name(node, req), namespace(req), null, Map.of(NETWORK, network, HANDLE, handle), null);
        WorkloadEndpoint.Spec spec = new WorkloadEndpoint.Spec(k8s ? "k8s" : "cni", node,
                req.podName().orElse(null), req.ifname(), req.containerId(),
                addresses.stream().map(a -> a.address() + "/" + a.address().bitLength()).toList(), hostIf, mac, null, null);
        WorkloadEndpoint wep = new WorkloadEndpoint(meta, spec);
        resources.apply(wep);
        return wep;
    }

    /** Deletes the endpoint of this attachment; true if it was there. */
    public boolean remove(String node, CniRequest req) {
        return resources.delete(WorkloadEndpoint.class, namespace(req), name(node, req));
    }

    /** Endpoints of {@code network} on {@code node}. */
    public List<WorkloadEndpoint> ofNetwork(String network, String node) {
        return resources.list(WorkloadEndpoint.class).resources().stream()
                .filter(w -> w.metadata().annotations() != null && network.equals(w.metadata().annotations().get(NETWORK)))
                .filter(w -> node.equals(w.spec().node()))
                .toList();
    }

    public boolean delete(WorkloadEndpoint w) {
        return resources.delete(WorkloadEndpoint.class, w.metadata().namespace(), w.metadata().name());
    }
}
