package io.muslin.exabgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The BGP-LS part of ExaBGP 4.2's JSON (RFC 7752): {@code announce."bgp-ls bgp-ls"} keyed by next
 * hop, {@code withdraw."bgp-ls bgp-ls"} a list, each entry with {@code ls-nlri-type}
 * ({@code bgpls-node}, {@code bgpls-link}, {@code bgpls-prefix-v4}, {@code bgpls-prefix-v6}) and
 * its descriptors; the BGP-LS attribute under {@code attribute."bgp-ls"}.
 */
final class LinkStateParser {
    private LinkStateParser() {
    }

    static ExabgpEvent.LinkStateUpdate update(IpAddress peer, JsonNode update) throws MalformedEventException {
        JsonNode ls = update.path("attribute").path("bgp-ls");
        List<LinkStateObject> announced = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = update.path("announce").path(EventParser.BGP_LS).fields(); it.hasNext(); ) {
            for (JsonNode nlri : it.next().getValue()) {
                announced.add(object(nlri, ls));
            }
        }
        List<LinkStateObject> withdrawn = new ArrayList<>();
        for (JsonNode nlri : update.path("withdraw").path(EventParser.BGP_LS)) {
            withdrawn.add(object(nlri, null));
        }
        return new ExabgpEvent.LinkStateUpdate(peer, announced, withdrawn);
    }

    private static LinkStateObject object(JsonNode nlri, JsonNode attribute) throws MalformedEventException {
        String type = EventParser.text(nlri, "ls-nlri-type");
        int protocol = nlri.path("protocol-id").asInt(0);
        JsonNode attr = attribute == null ? MissingNode.getInstance() : attribute;
        return switch (type) {
            case "bgpls-node" -> new LinkStateObject.Node(protocol, descriptor(nlri.path("node-descriptors"), "node-descriptors"),
                    attr.path("node-name").isTextual() ? attr.path("node-name").asText() : null);
            case "bgpls-link" -> new LinkStateObject.Link(protocol,
                    descriptor(nlri.path("local-node-descriptors"), "local-node-descriptors"),
                    descriptor(nlri.path("remote-node-descriptors"), "remote-node-descriptors"),
                    addresses(nlri, "interface-address"), addresses(nlri, "neighbor-address"),
                    attr.path("igp-metric").canConvertToLong() ? attr.path("igp-metric").asLong() : null);
            case "bgpls-prefix-v4", "bgpls-prefix-v6" -> new LinkStateObject.Prefix(protocol,
                    descriptor(nlri.path("node-descriptors"), "node-descriptors"), EventParser.text(nlri, "ip-reach-prefix"),
                    attr.path("prefix-metric").canConvertToLong() ? attr.path("prefix-metric").asLong() : null);
            default -> throw new MalformedEventException("bgp-ls NLRI type '" + type + "' is not node, link or prefix");
        };
    }

    /** ExaBGP 4.2 writes descriptors as one object; later versions as a list of one-key objects: both are read. */
    private static LinkStateObject.NodeDescriptor descriptor(JsonNode d, String field) throws MalformedEventException {
        JsonNode merged = d;
        if (d.isArray()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (JsonNode part : d) {
                part.fields().forEachRemaining(e -> o.set(e.getKey(), e.getValue()));
            }
            merged = o;
        }
        if (!merged.isObject() || !merged.path("router-id").isTextual()) {
            throw new MalformedEventException("bgp-ls " + field + ": no router-id");
        }
        String area = merged.path("ospf-area-id").isTextual() ? merged.path("ospf-area-id").asText() : null;
        return new LinkStateObject.NodeDescriptor(merged.path("autonomous-system").asLong(0),
                merged.path("bgp-ls-identifier").asText("0"), area, merged.path("router-id").asText());
    }

    /** {@code "interface-address": {"interface-address": "10.1.1.1"}} in 4.2; a list of strings later. */
    private static List<String> addresses(JsonNode nlri, String field) {
        List<String> out = new ArrayList<>();
        JsonNode one = nlri.path(field);
        if (one.isObject() && one.path(field).isTextual()) {
            out.add(one.path(field).asText());
        }
        for (JsonNode n : nlri.path(field + "es")) {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        }
        return out;
    }
}
