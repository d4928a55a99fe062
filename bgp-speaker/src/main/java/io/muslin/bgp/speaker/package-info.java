/**
 * What the speaker says and what it heard: the routes it originates as one peer's outbound
 * stream (next hop self, End-of-RIB per RFC 4724), UPDATE packing by shared attributes
 * (RFC 4271 §4.3, RFC 4760), and the collector of received routes with AS-path loop detection
 * (RFC 4271 §9.1.2) used by the standalone speaker.
 */
package io.muslin.bgp.speaker;
