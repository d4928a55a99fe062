package io.muslin.cni.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON the plugin prints: results in the configuration's version, errors, VERSION's answer; and results read back ({@code prevResult}). */
public final class CniJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CniJson() {
    }

    /** A result in {@code version}'s shape: 0.3.x and 0.4.0 give each address a {@code version} field. */
    public static String result(CniResult r, String version) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", version);
        boolean legacy = !CniVersions.atLeast(version, "1.0.0");
        ArrayNode ifs = o.putArray("interfaces");
        for (CniResult.Interface i : r.interfaces()) {
            ObjectNode n = ifs.addObject().put("name", i.name()).put("mac", i.mac());
            i.sandbox().ifPresent(s -> n.put("sandbox", s));
        }
        ArrayNode ips = o.putArray("ips");
        for (CniResult.Ip ip : r.ips()) {
            ObjectNode n = ips.addObject();
            if (legacy) {
                n.put("version", ip.address().v6() ? "6" : "4");
            }
            n.put("interface", ip.interfaceIndex()).put("address", ip.address().address() + "/" + ip.address().length());
            ip.gateway().ifPresent(g -> n.put("gateway", g.toString()));
        }
        ArrayNode routes = o.putArray("routes");
        for (CniResult.Route rt : r.routes()) {
            ObjectNode n = routes.addObject().put("dst", rt.dst().toString());
            rt.gw().ifPresent(g -> n.put("gw", g.toString()));
        }
        ObjectNode dns = o.putObject("dns");
        if (!r.dns().nameservers().isEmpty()) {
            r.dns().nameservers().forEach(dns.putArray("nameservers")::add);
        }
        r.dns().domain().ifPresent(d -> dns.put("domain", d));
        if (!r.dns().search().isEmpty()) {
            r.dns().search().forEach(dns.putArray("search")::add);
        }
        if (!r.dns().options().isEmpty()) {
            r.dns().options().forEach(dns.putArray("options")::add);
        }
        return write(o);
    }

    /** The specification's error object. */
    public static String error(CniError e, String version) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", version).put("code", e.code()).put("msg", e.msg());
        if (!e.details().isEmpty()) {
            o.put("details", e.details());
        }
        return write(o);
    }

    /** VERSION's answer. */
    public static String versions(String version) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", version);
        CniVersions.SUPPORTED.forEach(o.putArray("supportedVersions")::add);
        return write(o);
    }

    /** Reads a result (a {@code prevResult}, or our own output in a test) in any supported version. */
    public static CniResult readResult(JsonNode n) {
        try {
            List<CniResult.Interface> ifs = new ArrayList<>();
            for (JsonNode i : n.path("interfaces")) {
                ifs.add(new CniResult.Interface(i.path("name").asText(), i.path("mac").asText(""),
                        Optional.ofNullable(i.get("sandbox")).map(JsonNode::asText).filter(s -> !s.isEmpty())));
            }
            List<CniResult.Ip> ips = new ArrayList<>();
            for (JsonNode ip : n.path("ips")) {
                ips.add(new CniResult.Ip(InterfaceAddress.parse(ip.path("address").asText()),
                        Optional.ofNullable(ip.get("gateway")).map(g -> IpAddress.parse(g.asText())),
                        ip.has("interface") ? ip.get("interface").asInt() : -1));
            }
            List<CniResult.Route> routes = new ArrayList<>();
            for (JsonNode rt : n.path("routes")) {
                routes.add(new CniResult.Route(IpPrefix.parse(rt.path("dst").asText()),
                        Optional.ofNullable(rt.get("gw")).map(g -> IpAddress.parse(g.asText()))));
            }
            return new CniResult(ifs, ips, routes, CniResult.Dns.none());
        } catch (IllegalArgumentException e) {
            throw CniError.badConfig("prevResult", "is not a CNI result: " + e.getMessage());
        }
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
