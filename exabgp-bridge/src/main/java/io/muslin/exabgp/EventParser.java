package io.muslin.exabgp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ExaBGP's JSON events (encoder format {@value #FORMAT}, as ExaBGP 4.2 prints them), one
 * line at a time, into {@link ExabgpEvent}s. Pure: no I/O, no state.
 *
 * <p>Shapes read: {@code type} {@code state} ({@code neighbor.state}, {@code neighbor.reason});
 * {@code type} {@code update} with {@code neighbor.message.update} ({@code attribute},
 * {@code announce} keyed by family then by next hop, {@code withdraw} keyed by family) or
 * {@code neighbor.message.eor} ({@code afi}, {@code safi}); {@code type} {@code notification}.
 */
public final class EventParser {
    /** The encoder format ExaBGP 4.2 writes in every event's {@code exabgp} field. */
    public static final String FORMAT = "4.0.1";
    static final String IPV4 = "ipv4 unicast";
    static final String IPV6 = "ipv6 unicast";
    static final String BGP_LS = "bgp-ls bgp-ls";
    /** BGP-LS (RFC 7752 §3.1): AFI 16388, SAFI 71. */
    public static final AfiSafi LINK_STATE = new AfiSafi(16388, 71);

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @throws MalformedEventException when the line is not JSON, not a format-4.0.1 event, or an
     *                                 event whose fields are missing or of the wrong kind
     */
    public ExabgpEvent parse(String line) throws MalformedEventException {
        JsonNode root;
        try {
            root = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        String format = root.path("exabgp").asText("");
        if (!format.equals(FORMAT)) {
            throw new MalformedEventException("field exabgp: format '" + format + "' is not " + FORMAT);
        }
        String type = text(root, "type");
        if (type.equals("notification") && root.path("notification").isTextual()) {
            // ExaBGP's own news, e.g. {"type": "notification", "notification": "shutdown"} as it stops.
            return new ExabgpEvent.Ignored(null, "notification " + root.path("notification").asText());
        }
        if (!type.equals("state") && !type.equals("update") && !type.equals("notification")) {
            JsonNode address = root.path("neighbor").path("address").path("peer");
            return new ExabgpEvent.Ignored(address.isTextual() ? address(address, "neighbor.address.peer") : null, type);
        }
        JsonNode neighbor = root.path("neighbor");
        IpAddress peer = address(neighbor.path("address").path("peer"), "neighbor.address.peer");
        try {
            return switch (type) {
                case "state" -> state(peer, neighbor);
                case "update" -> update(peer, neighbor.path("message"));
                case "notification" -> new ExabgpEvent.NotificationEvent(peer, neighbor.path("direction").asText(""),
                        integer(neighbor.path("notification"), "code"), integer(neighbor.path("notification"), "subcode"));
                default -> throw new IllegalStateException(type);
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(type + " event of " + peer + ": " + e.getMessage(), e);
        }
    }

    private static ExabgpEvent state(IpAddress peer, JsonNode n) throws MalformedEventException {
        JsonNode local = n.path("address").path("local");
        return new ExabgpEvent.StateChange(peer, local.isTextual() ? IpAddress.parse(local.asText()) : null,
                n.path("asn").path("local").asLong(0), n.path("asn").path("peer").asLong(0), text(n, "state"),
                n.path("reason").asText(""));
    }

    private ExabgpEvent update(IpAddress peer, JsonNode message) throws MalformedEventException {
        JsonNode eor = message.path("eor");
        if (eor.isObject()) {
            return new ExabgpEvent.EndOfRib(peer, family(text(eor, "afi"), text(eor, "safi")));
        }
        JsonNode update = message.path("update");
        if (!update.isObject()) {
            throw new MalformedEventException("update event of " + peer + ": neither message.update nor message.eor");
        }
        JsonNode announce = update.path("announce");
        JsonNode withdraw = update.path("withdraw");
        if (announce.has(BGP_LS) || withdraw.has(BGP_LS)) {
            return LinkStateParser.update(peer, update);
        }
        List<PathAttribute> attributes = attributes(update.path("attribute"));
        List<IpPrefix> withdrawn = new ArrayList<>();
        for (String family : new String[] {IPV4, IPV6}) {
            for (JsonNode entry : withdraw.path(family)) {
                withdrawn.add(prefix(entry.path("nlri"), "withdraw." + family + ".nlri"));
            }
        }
        List<ExabgpEvent.Announcement> announced = new ArrayList<>();
        for (String family : new String[] {IPV4, IPV6}) {
            JsonNode byHop = announce.path(family);
            // ExaBGP keys a family's routes by next hop; an IPv6 route with a global and a link-local
            // next hop is listed under both: one announcement with the global hop first.
            Map<IpPrefix, List<IpAddress>> hops = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = byHop.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                IpAddress hop = IpAddress.parse(e.getKey());
                for (JsonNode entry : e.getValue()) {
                    IpPrefix p = prefix(entry.path("nlri"), "announce." + family + ".nlri");
                    List<IpAddress> list = hops.computeIfAbsent(p, k -> new ArrayList<>());
                    if (hop.isLinkLocal()) {
                        list.add(hop);
                    } else {
                        list.addFirst(hop);
                    }
                }
            }
            Map<List<IpAddress>, List<IpPrefix>> grouped = new LinkedHashMap<>();
            hops.forEach((p, h) -> grouped.computeIfAbsent(h, k -> new ArrayList<>()).add(p));
            grouped.forEach((h, ps) -> announced.add(new ExabgpEvent.Announcement(ps, h, attributes)));
        }
        if (withdrawn.isEmpty() && announced.isEmpty() && !announce.isMissingNode() && announce.size() > 0) {
            return new ExabgpEvent.Ignored(peer, "update of " + announce.fieldNames().next());
        }
        return new ExabgpEvent.RouteUpdate(peer, withdrawn, announced);
    }

    /**
     * The attributes ExaBGP names, as path attributes: origin, as-path (with as-set), med,
     * local-preference, community, large-community, originator-id, cluster-list, atomic-aggregate.
     * Others (confederation path, extended communities, BGP-LS) are left out of the route.
     */
    static List<PathAttribute> attributes(JsonNode a) throws MalformedEventException {
        List<PathAttribute> out = new ArrayList<>();
        if (!a.isObject()) {
            return out;
        }
        if (a.has("origin")) {
            out.add(switch (a.path("origin").asText()) {
                case "igp" -> PathAttribute.Origin.IGP;
                case "egp" -> PathAttribute.Origin.EGP;
                case "incomplete" -> PathAttribute.Origin.INCOMPLETE;
                default -> throw new MalformedEventException("attribute origin: '" + a.path("origin").asText()
                        + "' is not igp, egp or incomplete");
            });
        }
        List<AsPathSegment> segments = new ArrayList<>();
        if (a.path("as-path").isArray() && !a.path("as-path").isEmpty()) {
            segments.add(AsPathSegment.sequence(longs(a.path("as-path"), "as-path")));
        }
        if (a.path("as-set").isArray() && !a.path("as-set").isEmpty()) {
            segments.add(AsPathSegment.set(longs(a.path("as-set"), "as-set")));
        }
        if (a.has("as-path")) {
            out.add(new PathAttribute.AsPath(segments));
        }
        if (a.has("med")) {
            out.add(new PathAttribute.MultiExitDisc(number(a, "med")));
        }
        if (a.has("local-preference")) {
            out.add(new PathAttribute.LocalPref(number(a, "local-preference")));
        }
        if (a.path("atomic-aggregate").asBoolean(false)) {
            out.add(new PathAttribute.AtomicAggregate());
        }
        if (a.path("community").isArray()) {
            List<Integer> values = new ArrayList<>();
            for (JsonNode c : a.path("community")) {
                if (!c.isArray() || c.size() != 2) {
                    throw new MalformedEventException("attribute community: " + c + " is not [asn, value]");
                }
                values.add((int) ((c.get(0).asLong() << 16) | (c.get(1).asLong() & 0xFFFF)));
            }
            out.add(new PathAttribute.Communities(values));
        }
        if (a.path("large-community").isArray()) {
            List<PathAttribute.LargeCommunity> values = new ArrayList<>();
            for (JsonNode c : a.path("large-community")) {
                if (!c.isArray() || c.size() != 3) {
                    throw new MalformedEventException("attribute large-community: " + c + " is not [global, local1, local2]");
                }
                values.add(new PathAttribute.LargeCommunity(c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong()));
            }
            out.add(new PathAttribute.LargeCommunities(values));
        }
        if (a.path("originator-id").isTextual()) {
            out.add(new PathAttribute.OriginatorId(address(a.path("originator-id"), "originator-id").v4Int()));
        }
        if (a.path("cluster-list").isArray()) {
            List<Integer> ids = new ArrayList<>();
            for (JsonNode c : a.path("cluster-list")) {
                ids.add(address(c, "cluster-list").v4Int());
            }
            out.add(new PathAttribute.ClusterList(ids));
        }
        return out;
    }

    static AfiSafi family(String afi, String safi) throws MalformedEventException {
        return switch (afi + " " + safi) {
            case IPV4 -> AfiSafi.IPV4_UNICAST;
            case IPV6 -> AfiSafi.IPV6_UNICAST;
            case BGP_LS -> LINK_STATE;
            default -> throw new MalformedEventException("family '" + afi + " " + safi + "' is not one the bridge carries");
        };
    }

    private static long[] longs(JsonNode array, String field) throws MalformedEventException {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.canConvertToLong() || n.asLong() < 0 || n.asLong() > 0xFFFFFFFFL) {
                throw new MalformedEventException("attribute " + field + ": " + n + " is not an AS number");
            }
            out[i] = n.asLong();
        }
        return out;
    }

    private static long number(JsonNode parent, String field) throws MalformedEventException {
        JsonNode n = parent.path(field);
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw new MalformedEventException("attribute " + field + ": " + n + " is not a non-negative number");
        }
        return n.asLong();
    }

    private static int integer(JsonNode parent, String field) throws MalformedEventException {
        JsonNode n = parent.path(field);
        if (!n.canConvertToInt()) {
            throw new MalformedEventException("field " + field + ": " + n + " is not a number");
        }
        return n.asInt();
    }

    static String text(JsonNode parent, String field) throws MalformedEventException {
        JsonNode n = parent.path(field);
        if (!n.isTextual()) {
            throw new MalformedEventException("field " + field + ": missing or not text");
        }
        return n.asText();
    }

    static IpAddress address(JsonNode n, String field) throws MalformedEventException {
        if (!n.isTextual()) {
            throw new MalformedEventException("field " + field + ": missing or not text");
        }
        try {
            return IpAddress.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("field " + field + ": '" + n.asText() + "' is not an IP address");
        }
    }

    private static IpPrefix prefix(JsonNode n, String field) throws MalformedEventException {
        if (!n.isTextual()) {
            throw new MalformedEventException("field " + field + ": missing or not text");
        }
        try {
            return IpPrefix.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("field " + field + ": '" + n.asText() + "' is not a prefix");
        }
    }
}
