package io.muslin.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.muslin.ipam.Allocation;
import io.muslin.net.IpAddress;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the informers currently know of Kubernetes: read-only lookups over their caches. */
final class KubeView {
    private final Store<io.fabric8.kubernetes.api.model.Node> nodes;
    private final Store<Pod> pods;

    KubeView(Store<io.fabric8.kubernetes.api.model.Node> nodes, Store<Pod> pods) {
        this.nodes = nodes;
        this.pods = pods;
    }

    boolean nodeExists(String name) {
        return nodes.getByKey(name) != null;
    }

    Set<String> nodeNames() {
        return nodes.list().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    }

    Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(pods.getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    /** The node a pod is scheduled to, if any. */
    static Optional<String> nodeOf(Pod pod) {
        return Optional.ofNullable(pod.getSpec() == null ? null : pod.getSpec().getNodeName());
    }

    /**
     * Whether an IPAM allocation still belongs to a pod that exists: the pod named by its
     * attributes exists, runs on the node the address was assigned for, and either has no address
     * yet (the CNI plugin just assigned it) or has this one. A pod recreated under the same name on
     * another node, or one that now has other addresses, does not keep an old address alive.
     * Allocations without a pod (tunnel addresses, addresses assigned by hand) count as live.
     */
    boolean holdsAddress(Allocation a) {
        if (a.pod().isEmpty() || a.namespace().isEmpty()) {
            return true;
        }
        Optional<Pod> pod = pod(a.namespace().get(), a.pod().get());
        if (pod.isEmpty()) {
            return false;
        }
        Optional<String> podNode = nodeOf(pod.get());
        if (a.node().isPresent() && podNode.isPresent() && !a.node().get().equals(podNode.get())) {
            return false;
        }
        var status = pod.get().getStatus();
        if (status == null || status.getPodIPs() == null || status.getPodIPs().isEmpty()) {
            return true;
        }
        for (PodIP ip : status.getPodIPs()) {
            if (ip.getIp() != null && sameAddress(ip.getIp(), a.address())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String text, IpAddress address) {
        try {
            return IpAddress.parse(text).equals(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
