/**
 * Bidirectional Forwarding Detection for BGP sessions: RFC 5880 asynchronous mode, RFC 5881
 * single hop (UDP 3784, TTL 255 sent and required) and RFC 5883 multihop (UDP 4784).
 *
 * <p>{@link io.muslin.bgp.bfd.BfdPacket} is the Control packet codec with the session-free checks
 * of RFC 5880 §6.8.6; {@link io.muslin.bgp.bfd.BfdSession} is one session's state machine and
 * timers without I/O (AdminDown, Down, Init, Up; discriminators; negotiated intervals and the
 * detection time from the peer's multiplier; Poll/Final for timer changes; diagnostic codes;
 * transmit jitter per §6.8.7), driven by a {@link io.muslin.bgp.bfd.BfdClock} that tests control;
 * {@link io.muslin.bgp.bfd.BfdEndpoint} runs sessions on Netty epoll UDP sockets.
 *
 * <p>Not implemented: authentication (packets with the A bit are dropped; none are sent),
 * demand mode and the echo function (we advertise RequiredMinEchoRx 0).
 */
package io.muslin.bgp.bfd;
