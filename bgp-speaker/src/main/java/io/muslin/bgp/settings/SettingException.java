package io.muslin.bgp.settings;

/**
 * A setting that cannot be used: names the field and says why. The field is relative to the
 * value being built ({@code holdTime}, {@code rules[1].cidr}); a caller that read it from a
 * larger document puts its own path in front with {@link #under} ({@code peers[2].holdTime} in
 * a YAML file, {@code spec.holdTime} of a resource).
 */
public final class SettingException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public SettingException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field path, relative to whoever threw it. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same problem with {@code path} in front of the field ({@code peers[2]} + {@code holdTime}). */
    public SettingException under(String path) {
        if (path == null || path.isEmpty()) {
            return this;
        }
        return new SettingException(field.startsWith("[") ? path + field : path + "." + field, reason);
    }
}
