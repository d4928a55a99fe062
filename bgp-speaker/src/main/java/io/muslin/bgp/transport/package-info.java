/**
 * Netty transport for the speaker: epoll when available (TCP MD5 per RFC 2385 and GTSM per
 * RFC 5082 need it), a frame decoder that checks marker and length before waiting for a body,
 * one {@link io.muslin.bgp.transport.BgpPeer} per peer driving its FSM on its own event loop,
 * UPDATE export pulled only while the channel is writable, and the
 * {@link io.muslin.bgp.transport.BgpSpeaker} facade (listen, add/remove peers at runtime). Each
 * peer counts its messages, UPDATEs and NOTIFICATIONs (by code) for status; {@code InetAddress}
 * is made here only, where a socket needs it.
 */
package io.muslin.bgp.transport;
