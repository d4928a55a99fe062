package io.muslin.ipam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request for pod addresses.
 *
 * @param handleId   who will hold the addresses (the container id); release by handle frees them all
 * @param node       the node the pod runs on (its blocks are used first)
 * @param attributes recorded with each address, e.g. {@code pod} and {@code namespace}
 * @param ipv4       how many IPv4 addresses
 * @param ipv6       how many IPv6 addresses
 * @param pools      pool names to restrict to (empty: every usable pool)
 */
public record AssignRequest(String handleId, String node, Map<String, String> attributes, int ipv4, int ipv6,
                            List<String> pools) {
    public AssignRequest {
        Objects.requireNonNull(handleId, "handleId");
        Objects.requireNonNull(node, "node");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        pools = pools == null ? List.of() : List.copyOf(pools);
        if (ipv4 < 0 || ipv6 < 0 || ipv4 + ipv6 == 0) {
            throw new IllegalArgumentException("ask for at least one address (ipv4=" + ipv4 + ", ipv6=" + ipv6 + ")");
        }
        if (handleId.isEmpty() || handleId.contains("/")) {
            throw new IllegalArgumentException("handleId '" + handleId + "' must be non-empty and without '/'");
        }
    }

    public static AssignRequest ipv4(String handleId, String node, Map<String, String> attributes) {
        return new AssignRequest(handleId, node, attributes, 1, 0, List.of());
    }

    public static AssignRequest dualStack(String handleId, String node, Map<String, String> attributes) {
        return new AssignRequest(handleId, node, attributes, 1, 1, List.of());
    }
}
