package io.muslin.bgp.wire;

import java.util.List;
import java.util.Map;

/**
 * Encoding choices that RFC 4271 leaves to the sender and that do not change the meaning of a
 * message: which attributes used the extended-length flag (and the Partial bit) and how
 * capabilities were grouped into optional parameters. The decoder reports the layout it saw;
 * passing it back to the encoder reproduces the original bytes (golden-vector tests).
 *
 * @param attributeFlags   received flags byte by attribute code (UPDATE), empty for "canonical"
 * @param capabilityGroups number of capabilities in each optional parameter, in order (OPEN);
 *                         empty for "all in one parameter"
 */
public record WireLayout(Map<Integer, Integer> attributeFlags, List<Integer> capabilityGroups) {
    public static final WireLayout CANONICAL = new WireLayout(Map.of(), List.of());

    public WireLayout {
        attributeFlags = Map.copyOf(attributeFlags);
        capabilityGroups = List.copyOf(capabilityGroups);
    }
}
