package io.muslin.cni.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the network configuration the runtime passes on standard input. Fields the CNI
 * specification defines are read as it says; unknown fields at the top level are left alone
 * (runtimes add their own), while the plugin's own sections ({@code datastore}, {@code ipam})
 * refuse unknown keys so that a typo is an error naming the field, not a silent default.
 * Every error is code 7 (invalid network configuration) or 1 (unsupported version) with the
 * field's JSON path.
 */
public final class NetConfParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DATASTORE = Set.of("type", "etcd", "file");
    private static final Set<String> ETCD = Set.of("endpoints", "caFile", "certFile", "keyFile", "username", "passwordFile");
    private static final Set<String> FILE = Set.of("directory");
    private static final Set<String> IPAM = Set.of("type", "assignIpv4", "assignIpv6", "pools");
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");
    /** The network name rule of the specification (1.0.0 "Network configuration format"). */
    private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private NetConfParser() {
    }

    /** Parses the bytes from standard input; bad JSON is error 6. */
    public static JsonNode readJson(byte[] stdin) {
        try {
            JsonNode n = JSON.readTree(stdin);
            if (n == null || !n.isObject()) {
                throw new CniError(CniError.DECODING_FAILURE, "the network configuration on standard input is not a JSON object", "");
            }
            return n;
        } catch (JacksonException e) {
            throw new CniError(CniError.DECODING_FAILURE, "the network configuration on standard input is not valid JSON",
                    e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read the network configuration from standard input", e.getMessage());
        }
    }

    /** The {@code cniVersion} of a configuration (checked against {@link CniVersions#SUPPORTED}). */
    public static String version(JsonNode conf) {
        JsonNode v = conf.get("cniVersion");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw CniError.badConfig("cniVersion", "is required (one of " + CniVersions.SUPPORTED + ")");
        }
        if (!CniVersions.supported(v.asText())) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "incompatible CNI version " + v.asText(),
                    "this plugin supports " + CniVersions.SUPPORTED);
        }
        return v.asText();
    }

    public static NetConf parse(JsonNode conf) {
        String version = version(conf);
        String name = text(conf, "name", null);
        if (name == null) {
            throw CniError.badConfig("name", "is required");
        }
        if (!NETWORK_NAME.matcher(name).matches()) {
            throw CniError.badConfig("name", "'" + name + "' must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
        }
        String type = text(conf, "type", null);
        if (type == null) {
            throw CniError.badConfig("type", "is required");
        }
        OptionalInt mtu = OptionalInt.empty();
        if (conf.has("mtu") && !conf.get("mtu").isNull()) {
            JsonNode m = conf.get("mtu");
            if (!m.canConvertToInt() || !m.isIntegralNumber() || m.asInt() < 576 || m.asInt() > 65535) {
                throw CniError.badConfig("mtu", "'" + m + "' is not an MTU (a whole number from 576 to 65535)");
            }
            mtu = OptionalInt.of(m.asInt());
        }
        Path stateDir = absolutePath(conf, "stateDir").orElse(NetConf.DEFAULT_STATE_DIR);
        Optional<String> nodeName = Optional.ofNullable(text(conf, "nodeName", null));
        if (nodeName.isPresent() && (nodeName.get().length() > 253 || !NODE_NAME.matcher(nodeName.get()).matches())) {
            throw CniError.badConfig("nodeName", "'" + nodeName.get()
                    + "' is not a valid node name (lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
        String logLevel = text(conf, "logLevel", "warn");
        if (!LOG_LEVELS.contains(logLevel)) {
            throw CniError.badConfig("logLevel", "unknown value '" + logLevel + "' (expected one of error, warn, info, debug, trace)");
        }
        Optional<JsonNode> prev = Optional.ofNullable(conf.get("prevResult")).filter(n -> !n.isNull());
        if (prev.isPresent() && !prev.get().isObject()) {
            throw CniError.badConfig("prevResult", "must be an object");
        }
        return new NetConf(version, name, type, mtu, stateDir, nodeName, datastore(conf), ipam(conf), logLevel, prev,
                attachments(conf));
    }

    private static NetConf.Datastore datastore(JsonNode conf) {
        JsonNode ds = conf.get("datastore");
        if (ds == null || ds.isNull()) {
            throw CniError.badConfig("datastore", "is required ({\"type\": \"etcd\", \"etcd\": {\"endpoints\": [...]}}"
                    + " or {\"type\": \"file\", \"file\": {\"directory\": ...}})");
        }
        onlyKeys(ds, "datastore", DATASTORE);
        String type = text(ds, "type", "etcd", "datastore.");
        switch (type) {
            case "file" -> {
                if (ds.has("etcd")) {
                    throw CniError.badConfig("datastore.etcd", "is set but datastore.type is file");
                }
                JsonNode file = section(ds, "file", "datastore.file", FILE);
                Path dir = absolutePath(file, "directory", "datastore.file.").orElseThrow(
                        () -> CniError.badConfig("datastore.file.directory", "is required with datastore.type file"));
                return new NetConf.FileStore(dir);
            }
            case "etcd" -> {
                if (ds.has("file")) {
                    throw CniError.badConfig("datastore.file", "is set but datastore.type is etcd");
                }
                JsonNode etcd = section(ds, "etcd", "datastore.etcd", ETCD);
                List<String> endpoints = texts(etcd, "endpoints", "datastore.etcd.endpoints");
                if (endpoints.isEmpty()) {
                    throw CniError.badConfig("datastore.etcd.endpoints", "is required with datastore.type etcd (e.g. [\"https://10.0.0.5:2379\"])");
                }
                for (int i = 0; i < endpoints.size(); i++) {
                    checkEndpoint("datastore.etcd.endpoints[" + i + "]", endpoints.get(i));
                }
                String p = "datastore.etcd.";
                Optional<Path> ca = absolutePath(etcd, "caFile", p);
                Optional<Path> cert = absolutePath(etcd, "certFile", p);
                Optional<Path> key = absolutePath(etcd, "keyFile", p);
                if (cert.isPresent() != key.isPresent()) {
                    throw CniError.badConfig(p + (cert.isPresent() ? "keyFile" : "certFile"), "certFile and keyFile go together");
                }
                boolean https = endpoints.stream().anyMatch(e -> e.startsWith("https://"));
                if (https && ca.isEmpty()) {
                    throw CniError.badConfig(p + "caFile", "is required with https endpoints");
                }
                if (!https && (ca.isPresent() || cert.isPresent())) {
                    throw CniError.badConfig(p + (ca.isPresent() ? "caFile" : "certFile"), "is set but the endpoints are plain http");
                }
                Optional<String> user = Optional.ofNullable(text(etcd, "username", null, p));
                Optional<Path> password = absolutePath(etcd, "passwordFile", p);
                if (user.isPresent() != password.isPresent()) {
                    throw CniError.badConfig(p + (user.isPresent() ? "passwordFile" : "username"), "username and passwordFile go together");
                }
                return new NetConf.Etcd(endpoints, ca, cert, key, user, password);
            }
            default -> throw CniError.badConfig("datastore.type", "unknown value '" + type + "' (expected one of etcd, file)");
        }
    }

    private static void checkEndpoint(String field, String text) {
        try {
            URI u = new URI(text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getPort() < 0) {
                throw CniError.badConfig(field, "'" + text + "' is not an http(s)://host:port URL");
            }
        } catch (URISyntaxException e) {
            throw CniError.badConfig(field, "'" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static NetConf.Ipam ipam(JsonNode conf) {
        JsonNode ipam = conf.get("ipam");
        if (ipam == null || ipam.isNull() || ipam.isEmpty()) {
            return NetConf.Ipam.defaults();
        }
        onlyKeys(ipam, "ipam", IPAM);
        String type = text(ipam, "type", "muslin", "ipam.");
        if (!type.equals("muslin")) {
            throw new CniError(CniError.UNSUPPORTED_FIELD, "unsupported field ipam.type: '" + type
                    + "' (this plugin assigns addresses itself through Muslin IPAM; leave ipam.type out or set it to muslin)", "");
        }
        boolean v4 = bool(ipam, "assignIpv4", true, "ipam.");
        boolean v6 = bool(ipam, "assignIpv6", false, "ipam.");
        if (!v4 && !v6) {
            throw CniError.badConfig("ipam.assignIpv4", "and ipam.assignIpv6 are both false: the pod would get no address");
        }
        return new NetConf.Ipam(v4, v6, texts(ipam, "pools", "ipam.pools"));
    }

    private static List<NetConf.Attachment> attachments(JsonNode conf) {
        JsonNode list = conf.get("cni.dev/valid-attachments");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw CniError.badConfig("cni.dev/valid-attachments", "must be an array of {containerID, ifname}");
        }
        List<NetConf.Attachment> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String f = "cni.dev/valid-attachments[" + i + "].";
            String id = a == null ? null : text(a, "containerID", null, f);
            String ifname = a == null ? null : text(a, "ifname", null, f);
            if (id == null || ifname == null) {
                throw CniError.badConfig(f.substring(0, f.length() - 1), "needs containerID and ifname");
            }
            out.add(new NetConf.Attachment(id, ifname));
        }
        return List.copyOf(out);
    }

    // ---- small readers, each naming its field -------------------------------------------------

    private static JsonNode section(JsonNode parent, String key, String field, Set<String> allowed) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            throw CniError.badConfig(field, "is required");
        }
        onlyKeys(n, field, allowed);
        return n;
    }

    private static void onlyKeys(JsonNode n, String field, Set<String> allowed) {
        if (!(n instanceof ObjectNode o)) {
            throw CniError.badConfig(field, "must be an object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw CniError.badConfig(field + "." + k, "unknown field (known: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode n, String key, String dflt) {
        return text(n, key, dflt, "");
    }

    private static String text(JsonNode n, String key, String dflt, String prefix) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw CniError.badConfig(prefix + key, "must be a string, not " + v);
        }
        if (v.asText().isBlank()) {
            throw CniError.badConfig(prefix + key, "is empty");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String key, boolean dflt, String prefix) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw CniError.badConfig(prefix + key, "must be true or false, not " + v);
        }
        return v.asBoolean();
    }

    private static List<String> texts(JsonNode n, String key, String field) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw CniError.badConfig(field, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                throw CniError.badConfig(field + "[" + i + "]", "must be a non-empty string, not " + v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }

    private static Optional<Path> absolutePath(JsonNode n, String key) {
        return absolutePath(n, key, "");
    }

    private static Optional<Path> absolutePath(JsonNode n, String key, String prefix) {
        String t = text(n, key, null, prefix);
        if (t == null) {
            return Optional.empty();
        }
        Path p = Path.of(t);
        if (!p.isAbsolute()) {
            throw CniError.badConfig(prefix + key, "'" + t + "' is not an absolute path");
        }
        return Optional.of(p);
    }
}
