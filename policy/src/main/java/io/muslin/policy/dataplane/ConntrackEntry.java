package io.muslin.policy.dataplane;

import io.muslin.net.IpAddress;
import io.muslin.policy.model.Flow;

/** A connection-tracking entry's original direction: who opened the connection, to where. */
public record ConntrackEntry(int protocol, IpAddress source, IpAddress destination, int sourcePort, int destinationPort) {

    /** The flow that opened this connection, as policy evaluates it. */
    public Flow flow() {
        return new Flow(source, destination, protocol, destinationPort);
    }

    public boolean hasPorts() {
        return protocol == 6 || protocol == 17 || protocol == 132;
    }
}
