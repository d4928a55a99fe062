/**
 * The policy model: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) — label selectors,
 * namespace selectors, ipBlock with except, ports with ranges ({@code endPort}) and names,
 * TCP/UDP/SCTP, ingress and egress, {@code policyTypes} and its defaulting, and default deny for
 * selected pods — plus the endpoints (pods) and namespaces policies are evaluated against.
 *
 * <p>Pure: records and a {@link io.muslin.policy.model.PolicyEvaluator}; nothing here touches the
 * kernel. Addresses are {@code io.muslin.net} values; endpoints are IPv4 (the dataplane is
 * iptables), an IPv6 {@code ipBlock} matches no IPv4 address. The types mirror the datastore's
 * {@code NetworkPolicy}, {@code Namespace} and {@code WorkloadEndpoint} one to one (the Kubernetes
 * spellings parse through {@link io.muslin.policy.model.Protocol#of},
 * {@link io.muslin.policy.model.PolicyType#of} and
 * {@link io.muslin.policy.model.LabelSelector.Operator#of}), so the agent's translation is a
 * field-by-field copy.
 */
package io.muslin.policy.model;
