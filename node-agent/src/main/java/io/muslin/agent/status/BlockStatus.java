package io.muslin.agent.status;

/**
 * One of this node's IPAM blocks.
 *
 * @param cidr           the block
 * @param pool           the pool it belongs to; null when no pool contains it
 * @param size           addresses in the block
 * @param addressesInUse addresses assigned
 */
public record BlockStatus(String cidr, String pool, int size, int addressesInUse) {}
