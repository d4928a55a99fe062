package io.muslin.bgp.speaker;

import io.muslin.net.IpAddress;

/** Which peer an event or a status line is about: its address and the description it was given. */
public record PeerId(IpAddress address, String description) {
    @Override
    public String toString() {
        return description.isEmpty() ? address.toString() : address + " (" + description + ")";
    }
}
