/**
 * Network policy model, conntrack-first iptables rendering, iptables-restore applier and drift repair.
 */
package io.muslin.policy;
