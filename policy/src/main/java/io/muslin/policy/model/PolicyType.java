package io.muslin.policy.model;

/** The direction a NetworkPolicy isolates: traffic into the selected pods, or out of them. */
public enum PolicyType {
    INGRESS, EGRESS;

    /** As {@code policyTypes} writes it: {@code Ingress} or {@code Egress}. */
    public static PolicyType of(String kubernetesName) {
        return switch (kubernetesName) {
            case "Ingress" -> INGRESS;
            case "Egress" -> EGRESS;
            default -> throw new IllegalArgumentException("unknown policy type '" + kubernetesName
                    + "' (expected Ingress or Egress)");
        };
    }
}
