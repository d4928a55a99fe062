package io.muslin.config;

/** A configuration value that cannot be used: the message is one line naming the field path and the reason. */
public final class ConfigException extends Exception {
    private final String field;
    private final String reason;

    public ConfigException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field path, e.g. {@code datastore.etcd.endpoints[1]}, with the environment variable when it came from one. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
