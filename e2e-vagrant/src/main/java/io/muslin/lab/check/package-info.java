/**
 * The lab's proofs: each pod pair pinged, its path read from the source node's kernel route and
 * from a capture on the node's uplink ({@link io.muslin.lab.check.Paths}: pure), and the
 * connectivity matrix built from them; the leftover check after a lab is taken down.
 */
package io.muslin.lab.check;
