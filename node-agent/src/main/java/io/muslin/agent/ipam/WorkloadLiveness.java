package io.muslin.agent.ipam;

import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.ipam.Allocation;
import io.muslin.ipam.Liveness;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an address's pod still exists, judged from the WorkloadEndpoints read at the start of a
 * garbage-collection run (Calico's kube-controllers asks the same of the pods): an allocation whose
 * attributes name a pod is live while a WorkloadEndpoint of that namespace and pod exists and either
 * has no addresses yet or has this one (a pod re-created under its old name with a new address
 * leaves the old address a leak). An allocation that names no pod is not a pod's address and is
 * never judged here.
 */
final class WorkloadLiveness implements Liveness {
    private record PodEndpoint(String namespace, List<IpAddress> addresses) {}

    private final Map<String, List<PodEndpoint>> byPod = new HashMap<>();

    WorkloadLiveness(List<WorkloadEndpoint> endpoints) {
        for (WorkloadEndpoint w : endpoints) {
            String pod = w.spec().pod() != null ? w.spec().pod() : w.metadata().name();
            byPod.computeIfAbsent(pod, k -> new ArrayList<>()).add(new PodEndpoint(w.metadata().namespace(), w.addresses()));
        }
    }

    @Override
    public boolean isLive(Allocation a) {
        if (a.pod().isEmpty()) {
            return true;
        }
        for (PodEndpoint e : byPod.getOrDefault(a.pod().get(), List.of())) {
            boolean sameNamespace = a.namespace().map(ns -> ns.equals(e.namespace())).orElse(true);
            if (sameNamespace && (e.addresses().isEmpty() || e.addresses().contains(a.address()))) {
                return true;
            }
        }
        return false;
    }
}
