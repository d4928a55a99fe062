package io.muslin.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import java.util.List;
import java.util.Map;

/** Kubernetes objects and CNI-written endpoints for the tests. */
final class KubeObjects {
    private KubeObjects() {}

    static Node node(String name, Map<String, String> labels, String podCidr, String internalIp) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus().build();
    }

    static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    static Pod pod(String namespace, String name, String node, Map<String, String> labels, String ip) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("web").withImage("web")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .addNewPort().withContainerPort(9090).endPort().endContainer().endSpec();
        if (ip != null) {
            b.withNewStatus().withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus();
        }
        return b.build();
    }

    /** Allows ingress to app=db from app=web on TCP 5432, with the metadata a real API server adds. */
    static NetworkPolicy policy(String namespace, String name, String from) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid("6c7a1b9e-0000-4000-8000-000000000001")
                .withAnnotations(Map.of(Mirrors.LAST_APPLIED, "{\"huge\":true}", "team", "storage"))
                .addNewManagedField().withManager("kubectl").withOperation("Update").endManagedField()
                .endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(Map.of("app", "db")).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().withMatchLabels(Map.of("app", from)).endPodSelector().endFrom()
                .addNewPort().withProtocol("TCP").withNewPort(5432).endPort().endIngress()
                .endSpec().build();
    }

    /** The endpoint the CNI plugin writes for a pod. */
    static WorkloadEndpoint endpoint(String namespace, String pod, String node, String ip) {
        return new WorkloadEndpoint(ObjectMeta.namespaced(namespace, node + "-k8s-" + pod + "-eth0"),
                new WorkloadEndpoint.Spec("k8s", node, pod, "eth0", "c0ffee" + pod, List.of(ip + "/32"),
                        "mus" + Integer.toHexString(pod.hashCode()), null, null, null));
    }
}
