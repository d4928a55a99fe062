/**
 * The Muslin node agent: one daemon per node that joins the datastore, IPAM, the BGP speaker, the
 * route programmer and the policy dataplane into a pod network, and the {@code muslin} command line.
 * Sub-packages: {@code config} (the YAML file and its validation), {@code address} (node address
 * autodetection), {@code peers} (Calico's BGP peer computation), {@code status} (what the agent
 * reports), {@code metrics} (Prometheus), {@code http} (the HTTP API), {@code cli} (the commands).
 */
package io.muslin.agent;
