/**
 * ExaBGP 4.2 as a supervised child process, bridged onto the embedded speaker's RIB.
 *
 * <p>{@link io.muslin.exabgp.ExabgpConfig} renders ExaBGP's configuration and environment from
 * Muslin's peer model ({@link io.muslin.bgp.settings.PeerSpec}); {@link io.muslin.exabgp.ExabgpProcess}
 * starts it with {@link java.lang.ProcessBuilder}, restarts it with backoff when it dies and logs
 * its output through SLF4J; {@link io.muslin.exabgp.ApiSocket} is the Unix socket its API process
 * (a small relay) connects to. {@link io.muslin.exabgp.EventParser} reads its JSON events (encoder
 * format 4.0.1) into {@link io.muslin.exabgp.ExabgpEvent}s; {@link io.muslin.exabgp.ExabgpBridge}
 * feeds them into the speaker as {@link io.muslin.bgp.speaker.ExternalPeer}s and sends each peer's
 * Adj-RIB-Out back as API commands ({@link io.muslin.exabgp.ApiCommands}). BGP-LS (RFC 7752) NLRI
 * become a {@link io.muslin.exabgp.LinkStateTopology}.
 */
package io.muslin.exabgp;
