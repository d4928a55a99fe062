package io.muslin.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Ipam;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide garbage collection (Calico kube-controllers' IPAM and node controllers): what
 * belongs to a pod or a node that Kubernetes no longer has is released once it has been missing
 * for the whole grace period, as seen by this process (so a pod deleted while the sync was down is
 * released one grace period after the sync is back):
 *
 * <ol>
 *   <li>a node (one that came from Kubernetes, or that holds blocks without a Node): its IPAM addresses, blocks and affinities ({@link Ipam#releaseNode}), its Node
 *       resource and its {@code node.<name>} BGPConfiguration — what {@code muslin node cleanup}
 *       does by hand;</li>
 *   <li>a pod's WorkloadEndpoints (Kubernetes ones: orchestrator {@code k8s} or unset) whose pod is
 *       gone or now runs on another node;</li>
 *   <li>a pod's addresses ({@link Ipam#garbageCollect}, with {@link KubeView#holdsAddress} as the
 *       liveness), also those assigned on nodes whose agent is down.</li>
 * </ol>
 *
 * The node agent's own collection looks only at its node's blocks; both release with
 * compare-and-swap, so the two never release an address twice or one still in use.
 */
public final class Collector {
    private static final Logger log = LoggerFactory.getLogger(Collector.class);
    static final String KUBERNETES_ORCHESTRATOR = "k8s";
    private final ResourceStore resources;
    private final Ipam ipam;
    private final StoreWriter writer;
    private final KubeView kube;
    private final Duration grace;
    private final MissingSince missing;
    private volatile Result lastResult;

    /** One collection's outcome. */
    public record Result(List<String> nodesReleased, int nodesInGrace, int endpointsDeleted, int endpointsInGrace,
                         int addressesReleased, int addressesInGrace) {
        public Result {
            nodesReleased = List.copyOf(nodesReleased);
        }
    }

    Collector(ResourceStore resources, Ipam ipam, StoreWriter writer, KubeView kube, Duration grace, Clock clock) {
        this.resources = resources;
        this.ipam = ipam;
        this.writer = writer;
        this.kube = kube;
        this.grace = grace;
        this.missing = new MissingSince(clock);
    }

    Result collect() {
        List<String> released = new java.util.ArrayList<>();
        int nodesInGrace = 0;
        Set<String> kubeNodes = kube.nodeNames();
        Set<String> seenMissing = new HashSet<>();
        for (String node : storeNodes()) {
            if (kubeNodes.contains(node)) {
                continue;
            }
            seenMissing.add("node/" + node);
            if (missing.missingFor("node/" + node, grace)) {
                releaseNode(node);
                missing.present("node/" + node);
                released.add(node);
            } else {
                nodesInGrace++;
            }
        }
        missing.retainOnly("node/", seenMissing);

        int endpointsDeleted = 0;
        int endpointsInGrace = 0;
        seenMissing.clear();
        for (Stored<WorkloadEndpoint> s : resources.list(WorkloadEndpoint.class).items()) {
            WorkloadEndpoint w = s.resource();
            if (w.spec() == null || w.spec().pod() == null || !isKubernetes(w.spec().orchestrator())) {
                continue;
            }
            Optional<Pod> pod = kube.pod(w.metadata().namespace(), w.spec().pod());
            if (pod.isPresent() && KubeView.nodeOf(pod.get()).map(n -> n.equals(w.spec().node())).orElse(true)) {
                continue;
            }
            String key = "endpoint/" + w.metadata().namespace() + "/" + w.metadata().name();
            seenMissing.add(key);
            if (missing.missingFor(key, grace)) {
                if (writer.delete(WorkloadEndpoint.class, w.metadata().namespace(), w.metadata().name(), s.revision())) {
                    endpointsDeleted++;
                }
                missing.present(key);
            } else {
                endpointsInGrace++;
            }
        }
        missing.retainOnly("endpoint/", seenMissing);

        seenMissing.clear();
        int[] keptInGrace = {0};
        Ipam.GcResult gc = ipam.garbageCollect(a -> {
            if (kube.holdsAddress(a)) {
                return true;
            }
            String key = "address/" + a.handleId() + "/" + a.address();
            seenMissing.add(key);
            if (missing.missingFor(key, grace)) {
                return false;
            }
            keptInGrace[0]++;
            return true;
        }, grace);
        missing.retainOnly("address/", seenMissing);

        Result r = new Result(released, nodesInGrace, endpointsDeleted, endpointsInGrace, gc.addressesReleased(),
                keptInGrace[0] + gc.addressesInGrace());
        if (!released.isEmpty() || endpointsDeleted > 0 || gc.addressesReleased() > 0) {
            log.info("garbage collection: nodes released {}, endpoints deleted {}, addresses released {}", released, endpointsDeleted,
                    gc.addressesReleased());
        }
        lastResult = r;
        return r;
    }

    Result lastResult() {
        return lastResult;
    }

    /**
     * The nodes that are Kubernetes' to remove: those whose Node came from Kubernetes (it carries
     * {@value Mirrors#KUBE_LABELS}), and those that hold blocks but have no Node at all. A node the
     * sync never saw in Kubernetes — an agent on a machine outside the cluster, such as a route
     * reflector — is never removed here.
     */
    private Set<String> storeNodes() {
        Set<String> names = new TreeSet<>();
        Set<String> notKubernetes = new HashSet<>();
        for (Stored<Node> n : resources.list(Node.class).items()) {
            var annotations = n.resource().metadata().annotations();
            if (annotations != null && annotations.containsKey(Mirrors.KUBE_LABELS)) {
                names.add(n.resource().metadata().name());
            } else {
                notKubernetes.add(n.resource().metadata().name());
            }
        }
        for (BlockAffinity a : ipam.affinities()) {
            if (a.spec() != null && a.spec().node() != null && !notKubernetes.contains(a.spec().node())) {
                names.add(a.spec().node());
            }
        }
        return names;
    }

    private void releaseNode(String node) {
        Ipam.NodeRelease r = ipam.releaseNode(node);
        resources.delete(Node.class, null, node);
        resources.delete(BGPConfiguration.class, null, "node." + node);
        log.info("node {} is gone from Kubernetes: released {} address(es), {} block(s), {} block(s) left without owner;"
                + " Node and node.{} BGPConfiguration deleted", node, r.addressesReleased(), r.blocksReleased(), r.blocksOrphaned(), node);
    }

    static boolean isKubernetes(String orchestrator) {
        return orchestrator == null || KUBERNETES_ORCHESTRATOR.equals(orchestrator);
    }
}
