package io.muslin.policy.model;

/** A container port with a name, which policies can refer to instead of the number. */
public record NamedPort(String name, Protocol protocol, int port) {
    public NamedPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
