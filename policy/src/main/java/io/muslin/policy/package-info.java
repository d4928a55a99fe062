/**
 * Network policy for Muslin: Kubernetes NetworkPolicy ({@code model}) rendered into conntrack-first
 * iptables chains and ipsets ({@code render}), applied with one iptables-restore transaction per
 * change, drift-repaired and cleaned up ({@code apply}, through the tools in {@code dataplane}).
 * {@link io.muslin.policy.PolicyDataplane} is the entry point; {@code cli} has the cleanup command.
 *
 * <p>No other Muslin module is used: the agent maps the datastore's resources onto the model.
 */
package io.muslin.policy;
