package io.muslin.datastore.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Kubernetes secret ({@code v1}), the minimal part Muslin reads: name, namespace, {@code type}
 * and {@code data} (key → base64 value). A {@code BGPPeer}'s {@code password.secretKeyRef} names a
 * secret in the agent's namespace and a key in it: {@link #stringValue(String)} gives the password.
 * {@link #toString()} never shows the values.
 */
public record Secret(ObjectMeta metadata, String type, Map<String, String> data) implements Resource {
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    public Secret {
        data = data == null ? null : Map.copyOf(data);
    }

    /** An Opaque secret holding {@code values} (plain text, stored base64-encoded). */
    public static Secret of(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new java.util.TreeMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new Secret(ObjectMeta.namespaced(namespace, name), "Opaque", data);
    }

    /** The decoded value of {@code key} (valid secrets only). */
    public Optional<byte[]> value(String key) {
        return data == null || !data.containsKey(key) ? Optional.empty()
                : Optional.of(Base64.getDecoder().decode(data.get(key)));
    }

    /** The decoded value of {@code key} as UTF-8 text, e.g. a BGP password. */
    public Optional<String> stringValue(String key) {
        return value(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The value {@code ref} points at, when {@code ref} names this secret. */
    public Optional<String> resolve(BGPPeer.SecretKeyRef ref) {
        return ref != null && metadata.name().equals(ref.name()) ? stringValue(ref.key()) : Optional.empty();
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, true);
        if (data != null) {
            data.forEach((k, v) -> {
                if (!KEY.matcher(k).matches()) {
                    c.fail("data[" + k + "]", "key '" + k + "' must be 1..253 letters, digits, '-', '_' or '.'");
                }
                c.base64("data[" + k + "]", v);
            });
        }
        return c.errors();
    }

    @Override
    public Secret withMetadata(ObjectMeta m) {
        return new Secret(m, type, data);
    }

    @Override
    public String toString() {
        return "Secret[" + (metadata == null ? "?" : metadata.namespace() + "/" + metadata.name()) + " type=" + type
                + " keys=" + (data == null ? "[]" : new java.util.TreeSet<>(data.keySet())) + "]";
    }
}
