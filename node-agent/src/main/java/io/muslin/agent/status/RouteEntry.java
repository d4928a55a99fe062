package io.muslin.agent.status;

import io.muslin.routing.RouteKind;

/**
 * One route as {@code /routes} and {@code muslin routes} show it.
 *
 * @param prefix    the destination ({@code 192.168.11.0/26})
 * @param nextHop   the next hop; null for a blackhole
 * @param kind      direct, ipip, vxlan or blackhole
 * @param device    the output device; null for a blackhole
 * @param installed whether the kernel has it
 * @param reason    why it is not installed; null when it is
 */
public record RouteEntry(String prefix, String nextHop, RouteKind kind, String device, boolean installed, String reason) {}
