package io.muslin.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.datastore.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping read field by field, so that every error names its field path
 * ({@code datastore.etcd.endpoints[1]}) and the reason, and misspelled keys are caught. A field set
 * from the environment is named with its variable: {@code http.port (MUSLIN_HTTP_PORT)}.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Map<String, String> fromEnv;

    ConfigNode(JsonNode node, String path, Map<String, String> fromEnv) throws ConfigException {
        this.path = path;
        this.fromEnv = fromEnv;
        if (node == null || !node.isObject()) {
            throw new ConfigException(path.isEmpty() ? "(top level)" : name(path), "must be a mapping of keys to values");
        }
        this.node = node;
    }

    /** The path of a key below this node. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The field's name in messages: its path, and the environment variable that set it, if one did. */
    String field(String key) {
        return name(path(key));
    }

    private String name(String p) {
        String env = fromEnv.get(p);
        return env == null ? p : p + " (" + env + ")";
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

    ConfigNode child(String key) throws ConfigException {
        return has(key) ? new ConfigNode(node.get(key), path(key), fromEnv) : null;
    }

    String text(String key, String fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            throw new ConfigException(field(key), "must be a single value, not a " + (v.isArray() ? "list" : "mapping"));
        }
        return v.asText();
    }

    long longValue(String key, long min, long max, Long fallback) throws ConfigException {
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
            throw new ConfigException(field(key), v.asText() + " is outside " + min + ".." + max);
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
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText().toLowerCase(java.util.Locale.ROOT));
        }
        throw new ConfigException(field(key), "'" + v.asText() + "' is not true or false");
    }

    /** A Go-style duration ({@code 90s}, {@code 5m}, {@code 1h30m}) or whole seconds, within bounds. */
    Duration duration(String key, Duration min, Duration max, Duration fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        String t = text(key, null).strip();
        Duration d;
        try {
            d = t.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(t)) : Durations.parse(t);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException(field(key), "'" + t + "' is not a duration (e.g. 90s, 5m, 1h30m)");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(field(key), t + " is outside " + text(min) + ".." + text(max));
        }
        return d;
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 ? d.toSeconds() + "s"
                : d.toMinutes() % 60 != 0 ? d.toMinutes() + "m" : d.toHours() + "h";
    }

    /** One of {@code allowed} (case-sensitive, as written in the docs). */
    String oneOf(String key, List<String> allowed, String fallback) throws ConfigException {
        String t = text(key, fallback);
        if (t != null && !allowed.contains(t)) {
            throw new ConfigException(field(key), "'" + t + "' is not one of " + String.join(", ", allowed));
        }
        return t;
    }

    /** A list of single values; a single value counts as a list of one. */
    List<String> texts(String key) throws ConfigException {
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
