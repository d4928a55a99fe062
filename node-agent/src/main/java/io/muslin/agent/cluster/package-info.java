/**
 * The cluster as this node sees it: informer caches of the kinds the agent reacts to, and this
 * node's own {@code Node} resource, registered and kept current without clobbering what others
 * wrote into it.
 */
package io.muslin.agent.cluster;
