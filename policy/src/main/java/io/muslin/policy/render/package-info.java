/**
 * Renders a policy snapshot into iptables chains and ipsets ({@link io.muslin.policy.render.Ruleset}).
 * Pure: no process is started here. Chain layout after Calico Felix's {@code felix/rules}: chains
 * owned by a fixed prefix, one hook from each of INPUT/FORWARD/OUTPUT, per-endpoint to/from
 * chains dispatching to per-policy chains, conntrack RELATED,ESTABLISHED accept first and INVALID
 * drop second in every chain that decides, a hash in each rule's comment, ipsets for the address
 * sets selectors stand for, and host protections for BGP, ipip, vxlan and etcd.
 */
package io.muslin.policy.render;
