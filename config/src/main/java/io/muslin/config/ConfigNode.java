package io.muslin.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping read field by field, so that every error names its field path
 * ({@code peers[1].holdTime}) and the reason, and misspelled keys are caught. A field set from the
 * environment is named with its variable: {@code http.port (MUSLIN_HTTP_PORT)}.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Map<String, String> fromEnv;

    /** The top of a file whose fields all came from the file. */
    public static ConfigNode root(JsonNode node) throws ConfigException {
        return new ConfigNode(node, "", Map.of());
    }

    /**
     * The top of a file into which environment variables were merged: {@code fromEnv} maps a field
     * path ({@code http.port}) to the variable that set it ({@code MUSLIN_HTTP_PORT}).
     */
    public static ConfigNode root(JsonNode node, Map<String, String> fromEnv) throws ConfigException {
        return new ConfigNode(node, "", Map.copyOf(fromEnv));
    }

    private ConfigNode(JsonNode node, String path, Map<String, String> fromEnv) throws ConfigException {
        this.path = path;
        this.fromEnv = fromEnv;
        if (node == null || !node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : name(path), "must be a mapping of keys to values");
        }
        this.node = node;
    }

    /** Where this mapping is in the file ({@code peers[1]}); empty at the top. */
    public String path() {
        return path;
    }

    /** The path of a key below this mapping. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The field's name in messages: its path, and the environment variable that set it, if one did. */
    public String field(String key) {
        return name(path(key));
    }

    private String name(String p) {
        String env = fromEnv.get(p);
        return env == null ? p : p + " (" + env + ")";
    }

    /** The key is present with a value other than null. */
    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** Rejects keys outside {@code known}, suggesting the nearest known one. */
    public void onlyKeys(Set<String> known) throws ConfigException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!known.contains(k)) {
                String near = known.stream().min((a, b) -> distance(a, k) - distance(b, k)).orElse(null);
                String hint = near != null && distance(near, k) <= 3 ? " (did you mean " + near + "?)" : "";
                throw new ConfigException(field(k), "unknown field" + hint + "; known: " + new TreeSet<>(known));
            }
        }
    }

    /** The mapping under {@code key}, or null when the key is absent. */
    public ConfigNode child(String key) throws ConfigException {
        return has(key) ? new ConfigNode(node.get(key), path(key), fromEnv) : null;
    }

    /** The mapping under {@code key}, or an empty one at that path when the key is absent (a section left to its defaults). */
    public ConfigNode childOrEmpty(String key) throws ConfigException {
        return has(key) ? child(key) : new ConfigNode(JsonNodeFactory.instance.objectNode(), path(key), fromEnv);
    }

    /** The list of mappings under {@code key} (empty when absent). */
    public List<ConfigNode> children(String key) throws ConfigException {
        List<ConfigNode> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw new ConfigException(field(key), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(v.get(i), path(key) + "[" + i + "]", fromEnv));
        }
        return out;
    }

    /** A single value as text, or {@code fallback} when absent. */
    public String text(String key, String fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            throw new ConfigException(field(key), "must be a single value, not a " + (v.isArray() ? "list" : "mapping"));
        }
        return v.asText();
    }

    /** A whole number within {@code min..max}; required when {@code fallback} is null. */
    public long longValue(String key, long min, long max, Long fallback) throws ConfigException {
        if (!has(key)) {
            if (fallback == null) {
                throw new ConfigException(field(key), "is required");
            }
            return fallback;
        }
        JsonNode v = node.get(key);
        String t = v.asText().strip();
        if (!(v.isIntegralNumber() || (v.isTextual() && t.matches("-?\\d+")))) {
            throw new ConfigException(field(key), "'" + v.asText() + "' is not a whole number");
        }
        long n;
        try {
            n = v.isTextual() ? Long.parseLong(t) : v.asLong();
        } catch (NumberFormatException e) {
            throw new ConfigException(field(key), t + " is outside " + min + ".." + max);
        }
        if ((v.isIntegralNumber() && !v.canConvertToLong()) || n < min || n > max) {
            throw new ConfigException(field(key), v.asText().strip() + " is outside " + min + ".." + max);
        }
        return n;
    }

    /** A whole number within {@code min..max}; required when {@code fallback} is null. */
    public int intValue(String key, int min, int max, Integer fallback) throws ConfigException {
        return (int) longValue(key, min, max, fallback == null ? null : (long) fallback);
    }

    /** An optional whole number (null when absent). */
    public Integer optionalInt(String key, int min, int max) throws ConfigException {
        return has(key) ? intValue(key, min, max, null) : null;
    }

    /** {@code true} or {@code false} (also as text, as environment variables give them). */
    public boolean bool(String key, boolean fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(field(key), "'" + v.asText() + "' is not true or false");
    }

    /** One of {@code allowed} (case-sensitive, as written in the docs). */
    public String oneOf(String key, List<String> allowed, String fallback) throws ConfigException {
        String t = text(key, fallback);
        if (t != null && !allowed.contains(t)) {
            throw new ConfigException(field(key), "'" + t + "' is not one of " + String.join(", ", allowed));
        }
        return t;
    }

    /** A list of single values (empty when absent); a single value counts as a list of one. */
    public List<String> texts(String key) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (v.isValueNode()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw new ConfigException(field(key), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode() || v.get(i).isNull()) {
                throw new ConfigException(field(key) + "[" + i + "]", "must be a single value");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /** An IPv4 or IPv6 address; {@code fallback} when absent and not {@code required}. */
    public IpAddress address(String key, IpAddress fallback, boolean required) throws ConfigException {
        String t = text(key, null);
        if (t == null) {
            if (required) {
                throw new ConfigException(field(key), "is required");
            }
            return fallback;
        }
        try {
            return IpAddress.parse(t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field(key), e.getMessage());
        }
    }

    /** A required IPv4 address. */
    public IpAddress ipv4(String key) throws ConfigException {
        IpAddress a = address(key, null, true);
        if (a.v6()) {
            throw new ConfigException(field(key), "'" + a + "' is not an IPv4 address");
        }
        return a;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
