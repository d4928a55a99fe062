/**
 * Pools, blocks, per-node block affinity, pod address assignment and garbage collection.
 */
package io.muslin.ipam;
