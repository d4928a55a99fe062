/**
 * The route-stream contract: what every source of the agent's routes (the embedded speaker, the
 * ExaBGP bridge) must do, as an abstract test class run against a real BIRD in a network
 * namespace. Shipped in this module's test jar.
 */
package io.muslin.bgp.contract;
