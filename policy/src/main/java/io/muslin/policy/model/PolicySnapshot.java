package io.muslin.policy.model;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything policy needs to know at one moment: namespaces with their labels, every endpoint in
 * the cluster (those of this node carry their host interface), and every NetworkPolicy. Lists are
 * kept in a stable order so the same state always renders the same rules.
 */
public record PolicySnapshot(List<Namespace> namespaces, List<Endpoint> endpoints, List<NetworkPolicy> policies) {

    public PolicySnapshot {
        namespaces = namespaces.stream().sorted(Comparator.comparing(Namespace::name)).toList();
        endpoints = endpoints.stream().sorted(Comparator.comparing(Endpoint::namespace).thenComparing(Endpoint::name)).toList();
        policies = policies.stream().sorted(Comparator.comparing(NetworkPolicy::namespace).thenComparing(NetworkPolicy::name)).toList();
    }

    public static final PolicySnapshot EMPTY = new PolicySnapshot(List.of(), List.of(), List.of());

    /** Labels of namespace {@code name}; a namespace not listed still has its name label. */
    public Map<String, String> namespaceLabels(String name) {
        for (Namespace ns : namespaces) {
            if (ns.name().equals(name)) {
                return ns.labels();
            }
        }
        return Map.of(Namespace.NAME_LABEL, name);
    }

    /** Namespace labels by name, for repeated lookups. */
    public Map<String, Map<String, String>> namespaceLabelIndex() {
        Map<String, Map<String, String>> index = new HashMap<>();
        for (Namespace ns : namespaces) {
            index.put(ns.name(), ns.labels());
        }
        for (Endpoint e : endpoints) {
            index.computeIfAbsent(e.namespace(), n -> Map.of(Namespace.NAME_LABEL, n));
        }
        return index;
    }

    public PolicySnapshot withPolicies(List<NetworkPolicy> newPolicies) {
        return new PolicySnapshot(namespaces, endpoints, newPolicies);
    }
}
