/**
 * The side effects: iptables-save/-restore, ipset, conntrack, and choosing the iptables backend.
 * Small interfaces ({@link io.muslin.policy.dataplane.Iptables}, {@link io.muslin.policy.dataplane.Ipset},
 * {@link io.muslin.policy.dataplane.Conntrack}) with {@code Linux*} implementations that run the
 * tools through {@link java.lang.ProcessBuilder}; stateful fakes live in {@code io.muslin.policy.fake}.
 */
package io.muslin.policy.dataplane;
