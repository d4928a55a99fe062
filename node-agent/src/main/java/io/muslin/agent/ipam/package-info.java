/**
 * The agent's IPAM maintenance: {@link io.muslin.agent.ipam.IpamMaintenance} runs IPAM's
 * {@link io.muslin.ipam.NodeCollector} for this node every interval — leaked addresses (no
 * WorkloadEndpoint for their pod, judged by {@link io.muslin.agent.ipam.WorkloadLiveness}), surplus
 * empty blocks and, on the lowest-named node only, departed nodes — never releasing on one
 * observation, and reports runs, releases and errors as metrics and a status record.
 */
package io.muslin.agent.ipam;
