/**
 * The agent's Prometheus metrics through Micrometer's {@code PrometheusMeterRegistry}: per BGP
 * session, routes by kind and reconcile durations, IPAM blocks and addresses per pool, policy apply
 * durations and sizes, the datastore connection.
 */
package io.muslin.agent.metrics;
