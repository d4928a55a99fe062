package io.muslin.bgp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping read field by field, so that every error names its field path
 * ({@code peers[1].holdTime}) and the reason, and misspelled keys are caught.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) throws ConfigException {
        if (node == null || !node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values");
        }
        this.node = node;
        this.path = path;
    }

    /** Where this mapping is in the file ({@code peers[1]}); empty at the top. */
    String path() {
        return path;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** Rejects keys outside {@code known}, suggesting the nearest known one. */
    void onlyKeys(Set<String> known) throws ConfigException {
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

    long longValue(String key, long min, long max, Long fallback) throws ConfigException {
        if (!has(key)) {
            if (fallback == null) {
                throw new ConfigException(field(key), "is required");
            }
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() && !(v.isTextual() && v.asText().matches("\\d+"))) {
            throw new ConfigException(field(key), "'" + v.asText() + "' is not a whole number");
        }
        long n = v.isTextual() ? Long.parseLong(v.asText()) : v.asLong();
        if (v.isIntegralNumber() && !v.canConvertToLong()) {
            throw new ConfigException(field(key), v.asText() + " is outside " + min + ".." + max);
        }
        if (n < min || n > max) {
            throw new ConfigException(field(key), n + " is outside " + min + ".." + max);
        }
        return n;
    }

    int intValue(String key, int min, int max, Integer fallback) throws ConfigException {
        return (int) longValue(key, min, max, fallback == null ? null : (long) fallback);
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new ConfigException(field(key), "'" + v.asText() + "' is not true or false");
        }
        return v.asBoolean();
    }

    String text(String key, String fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            throw new ConfigException(field(key), "must be a single value");
        }
        return v.asText();
    }

    IpAddress address(String key, IpAddress fallback, boolean required) throws ConfigException {
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

    IpAddress ipv4(String key) throws ConfigException {
        IpAddress a = address(key, null, true);
        if (a.v6()) {
            throw new ConfigException(field(key), "'" + a + "' is not an IPv4 address");
        }
        return a;
    }

    /** An optional whole number (null when absent). */
    Integer optionalInt(String key, int min, int max) throws ConfigException {
        return has(key) ? intValue(key, min, max, null) : null;
    }

    ConfigNode child(String key) throws ConfigException {
        return has(key) ? new ConfigNode(node.get(key), field(key)) : null;
    }

    List<ConfigNode> children(String key) throws ConfigException {
        List<ConfigNode> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw new ConfigException(field(key), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(v.get(i), field(key) + "[" + i + "]"));
        }
        return out;
    }

    List<String> texts(String key) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw new ConfigException(field(key), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode()) {
                throw new ConfigException(field(key) + "[" + i + "]", "must be a single value");
            }
            out.add(v.get(i).asText());
        }
        return out;
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
