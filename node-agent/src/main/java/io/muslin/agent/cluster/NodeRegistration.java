package io.muslin.agent.cluster;

import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.RevisionConflictException;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.InterfaceAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this node's {@code Node} resource, or refreshes it, as calico-node does at start: the
 * agent owns the BGP addresses (with their prefix lengths) and, when configured, the AS number.
 * Everything else — labels, annotations, the tunnel addresses IPAM records, a route-reflector
 * cluster id an operator set — is kept. Read-modify-write with the revision: a concurrent writer
 * makes it read again, never overwrite.
 *
 * @param ipv4     the selected IPv4 address, or null for none
 * @param ipv6     the selected IPv6 address, or null for none
 * @param asNumber the configured AS; empty keeps what the Node says (the cluster's AS applies then)
 */
public record NodeRegistration(String nodeName, InterfaceAddress ipv4, InterfaceAddress ipv6, OptionalLong asNumber) {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
    private static final int ATTEMPTS = 20;

    /** Writes the Node when it differs from what it should be; returns what is stored. */
    public Stored<Node> apply(ResourceStore store) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Stored<Node>> current = store.get(Node.class, nodeName);
            try {
                if (current.isEmpty()) {
                    Stored<Node> created = store.create(merge(null));
                    log.info("registered node {}: {}", nodeName, addresses());
                    return created;
                }
                Node wanted = merge(current.get().resource());
                if (wanted.equals(current.get().resource().withMetadata(wanted.metadata()))) {
                    return current.get();
                }
                Stored<Node> updated = store.update(wanted, current.get().revision());
                log.info("updated node {}: {}", nodeName, addresses());
                return updated;
            } catch (RevisionConflictException | AlreadyExistsException e) {
                // Someone wrote in between: read again.
            }
        }
        throw new IllegalStateException("cannot register node " + nodeName + ": its Node resource kept changing under us ("
                + ATTEMPTS + " attempts)");
    }

    /** {@code existing} (or a new Node) with this node's addresses and AS; every other field kept. */
    Node merge(Node existing) {
        ObjectMeta meta = existing == null ? ObjectMeta.named(nodeName) : existing.metadata();
        Node.Spec spec = existing == null || existing.spec() == null ? new Node.Spec(null, null, null, null) : existing.spec();
        Node.BGP bgp = spec.bgp() == null ? new Node.BGP(null, null, null, null, null) : spec.bgp();
        Long as = asNumber.isPresent() ? Long.valueOf(asNumber.getAsLong()) : bgp.asNumber();
        Node.BGP nb = new Node.BGP(as, text(ipv4), text(ipv6), bgp.ipv4IPIPTunnelAddr(), bgp.routeReflectorClusterID());
        return new Node(meta, new Node.Spec(nb, spec.ipv4VXLANTunnelAddr(), spec.ipv6VXLANTunnelAddr(), spec.vxlanTunnelMACAddr()));
    }

    private String addresses() {
        return ipv4 == null ? text(ipv6) : ipv6 == null ? text(ipv4) : ipv4 + " " + ipv6;
    }

    private static String text(InterfaceAddress a) {
        return a == null ? null : a.toString();
    }

    public NodeRegistration {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(asNumber, "asNumber");
    }
}
