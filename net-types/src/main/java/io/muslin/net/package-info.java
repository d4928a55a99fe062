/**
 * IP values shared by every Muslin module: {@link io.muslin.net.IpAddress} (an IPv4 or IPv6
 * address as two longs), {@link io.muslin.net.IpPrefix} (a network, host bits always zero) and
 * {@link io.muslin.net.InterfaceAddress} (an address with the length of its subnet, as on an
 * interface or in a Calico {@code Node}).
 *
 * <p>Text in is parsed literally, never through a name lookup (RFC 4291 §2.2 for IPv6, dotted
 * quad for IPv4); text out is canonical (RFC 5952 §4: lower case, no leading zeros, the longest
 * run of two or more zero groups compressed, the first when tied). No dependencies.
 */
package io.muslin.net;
