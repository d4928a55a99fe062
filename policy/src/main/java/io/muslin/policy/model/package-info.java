/**
 * The policy model: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) — label selectors,
 * namespace selectors, ipBlock with except, ports with ranges ({@code endPort}) and names,
 * TCP/UDP/SCTP, ingress and egress, {@code policyTypes} and its defaulting, and default deny for
 * selected pods — plus the endpoints (pods) and namespaces policies are evaluated against.
 *
 * <p>Pure: records and a {@link io.muslin.policy.model.PolicyEvaluator}; nothing here touches the
 * kernel. IPv4 only. The agent maps the datastore's resources onto these types.
 */
package io.muslin.policy.model;
