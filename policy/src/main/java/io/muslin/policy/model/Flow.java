package io.muslin.policy.model;

import io.muslin.net.IpAddress;

/**
 * The first packet of a connection: who opened it, to whom, over which IP protocol and (for TCP,
 * UDP and SCTP) which destination port.
 */
public record Flow(IpAddress source, IpAddress destination, int protocol, int destinationPort) {

    public static Flow tcp(String source, String destination, int port) {
        return new Flow(IpAddress.parse(source), IpAddress.parse(destination), Protocol.TCP.number(), port);
    }

    public static Flow udp(String source, String destination, int port) {
        return new Flow(IpAddress.parse(source), IpAddress.parse(destination), Protocol.UDP.number(), port);
    }

    public static Flow sctp(String source, String destination, int port) {
        return new Flow(IpAddress.parse(source), IpAddress.parse(destination), Protocol.SCTP.number(), port);
    }

    public static Flow icmp(String source, String destination) {
        return new Flow(IpAddress.parse(source), IpAddress.parse(destination), 1, 0);
    }
}
