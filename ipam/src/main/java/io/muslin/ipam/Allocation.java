package io.muslin.ipam;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One allocated address as found in a block: who holds it, with which attributes, since when. */
public record Allocation(IpAddress address, IpPrefix block, String blockOwner, String handleId,
                         Map<String, String> attributes) {
    public Optional<String> pod() {
        return Optional.ofNullable(attributes.get("pod"));
    }

    public Optional<String> namespace() {
        return Optional.ofNullable(attributes.get("namespace"));
    }

    /** The node the address was assigned for (which may differ from the block's owner when borrowed). */
    public Optional<String> node() {
        return Optional.ofNullable(attributes.get(Assigner.ATTR_NODE));
    }

    public Optional<Instant> assignedAt() {
        String t = attributes.get(Assigner.ATTR_TIMESTAMP);
        try {
            return t == null ? Optional.empty() : Optional.of(Instant.parse(t));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
