/**
 * The agent's network-policy sync: {@link io.muslin.agent.policy.PolicyTranslator} maps the
 * datastore's Kubernetes {@code NetworkPolicy}, {@code Namespace} and {@code WorkloadEndpoint} onto
 * the policy module's model (the one place that does), and {@link io.muslin.agent.policy.PolicySync}
 * keeps this node's iptables chains and ipsets equal to them through datastore informers, debounced
 * applies and a drift-repair loop, leaving the chains alone while the datastore is away;
 * {@code PolicyMetrics} holds the sync's meters (apply time, failed applies, drift repairs, the
 * rule and ipset gauges).
 */
package io.muslin.agent.policy;
