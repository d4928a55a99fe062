/**
 * The agent's network-policy sync: {@link io.muslin.agent.policy.PolicyTranslator} maps the
 * datastore's Kubernetes {@code NetworkPolicy}, {@code Namespace} and {@code WorkloadEndpoint} onto
 * the policy module's model (the one place that does), and {@link io.muslin.agent.policy.PolicySync}
 * keeps this node's iptables chains and ipsets equal to them through datastore informers, debounced
 * applies and a drift-repair loop, leaving the chains alone while the datastore is away.
 */
package io.muslin.agent.policy;
