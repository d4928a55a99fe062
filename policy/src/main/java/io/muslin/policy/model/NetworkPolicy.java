package io.muslin.policy.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes NetworkPolicy. A pod selected by {@code podSelector} (in the policy's namespace)
 * becomes isolated in each direction listed in {@code policyTypes}: only what some rule of some
 * such policy allows gets through. When {@code policyTypes} is empty, it is defaulted as the API
 * server does: Ingress, plus Egress when there are egress rules.
 */
public record NetworkPolicy(String namespace, String name, LabelSelector podSelector,
                            Set<PolicyType> policyTypes, List<PolicyRule> ingress, List<PolicyRule> egress) {

    public NetworkPolicy {
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
        EnumSet<PolicyType> types = EnumSet.noneOf(PolicyType.class);
        types.addAll(policyTypes);
        if (types.isEmpty()) {
            types.add(PolicyType.INGRESS);
            if (!egress.isEmpty()) {
                types.add(PolicyType.EGRESS);
            }
        }
        policyTypes = Set.copyOf(types);
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a policy needs a namespace and a name");
        }
    }

    public static NetworkPolicy ingress(String namespace, String name, LabelSelector podSelector, PolicyRule... rules) {
        return new NetworkPolicy(namespace, name, podSelector, Set.of(PolicyType.INGRESS), List.of(rules), List.of());
    }

    public static NetworkPolicy egress(String namespace, String name, LabelSelector podSelector, PolicyRule... rules) {
        return new NetworkPolicy(namespace, name, podSelector, Set.of(PolicyType.EGRESS), List.of(), List.of(rules));
    }

    public boolean isolates(PolicyType type) {
        return policyTypes.contains(type);
    }

    public List<PolicyRule> rules(PolicyType type) {
        return type == PolicyType.INGRESS ? ingress : egress;
    }

    public boolean selects(Endpoint e) {
        return e.namespace().equals(namespace) && podSelector.matches(e.labels());
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
