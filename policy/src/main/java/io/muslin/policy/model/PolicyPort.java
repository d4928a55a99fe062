package io.muslin.policy.model;

/**
 * One entry of a rule's {@code ports}: a protocol and optionally a port — a number, a number range
 * ({@code port} to {@code endPort}), or the name of a container port.
 *
 * @param number  the port, or 0 for every port of the protocol (and for a named port)
 * @param endPort the last port of a range, or 0 for a single port
 * @param name    a named container port, or null
 */
public record PolicyPort(Protocol protocol, int number, int endPort, String name) {

    public PolicyPort {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required (Kubernetes defaults it to TCP)");
        }
        if (name != null) {
            if (name.isEmpty() || number != 0 || endPort != 0) {
                throw new IllegalArgumentException("a named port has no number and no endPort");
            }
        } else {
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException("port out of range: " + number);
            }
            if (endPort != 0 && (number == 0 || endPort < number || endPort > 65535)) {
                throw new IllegalArgumentException("endPort " + endPort + " needs a numeric port <= endPort <= 65535");
            }
        }
    }

    public static PolicyPort of(Protocol protocol, int port) {
        return new PolicyPort(protocol, port, 0, null);
    }

    public static PolicyPort range(Protocol protocol, int port, int endPort) {
        return new PolicyPort(protocol, port, endPort, null);
    }

    public static PolicyPort named(Protocol protocol, String name) {
        return new PolicyPort(protocol, 0, 0, name);
    }

    /** Every port of {@code protocol}. */
    public static PolicyPort any(Protocol protocol) {
        return new PolicyPort(protocol, 0, 0, null);
    }

    public boolean isNamed() {
        return name != null;
    }

    /** The last port covered: {@code endPort} for a range, else {@code number}. */
    public int last() {
        return endPort != 0 ? endPort : number;
    }
}
