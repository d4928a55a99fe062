/**
 * Applying a rendered ruleset to the kernel, after Calico Felix's {@code felix/iptables/table.go}:
 * read back our chains by the hashes in their comments ({@link io.muslin.policy.apply.SaveParser}),
 * plan one {@code iptables-restore --noflush} transaction that rewrites only chains whose hashes
 * differ ({@link io.muslin.policy.apply.TransactionPlanner}), rebuild changed ipsets in a temporary
 * set and swap them in ({@link io.muslin.policy.apply.IpsetPlanner}), and delete conntrack entries
 * of connections a tightened policy now denies ({@link io.muslin.policy.apply.ConntrackTightener}).
 * The planners are pure; {@link io.muslin.policy.apply.IptablesApplier} drives the tools through
 * the interfaces of {@code io.muslin.policy.dataplane}.
 */
package io.muslin.policy.apply;
