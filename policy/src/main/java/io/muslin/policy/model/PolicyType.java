package io.muslin.policy.model;

/** The direction a NetworkPolicy isolates: traffic into the selected pods, or out of them. */
public enum PolicyType {
    INGRESS, EGRESS
}
