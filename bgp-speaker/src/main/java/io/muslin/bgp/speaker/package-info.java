/**
 * The speaker as a router, and its API: {@link io.muslin.bgp.speaker.Speaker} wires the Netty
 * transport's sessions to one RIB and takes a {@link io.muslin.bgp.settings.DesiredState}
 * ({@link io.muslin.bgp.speaker.Speaker#apply} reconciles peer by peer and returns an
 * {@link io.muslin.bgp.speaker.ApplyResult}); {@link io.muslin.bgp.speaker.SpeakerStatus} and
 * {@link io.muslin.bgp.speaker.PeerStatus} are immutable snapshots for status pages and metrics
 * (prefix counts, UPDATEs, NOTIFICATIONs by code, graceful-restart state); a
 * {@link io.muslin.bgp.speaker.SessionListener} gets state changes with their reasons and the
 * NOTIFICATIONs sent and received. {@code PeerBinding} carries flow control both ways (reading
 * pauses while the RIB is behind; the Adj-RIB-Out is pulled when the socket is writable).
 */
package io.muslin.bgp.speaker;
