package io.muslin.bgp.cli;

/** A configuration value that cannot be used: names the field (as a path) and the reason. */
public final class ConfigException extends Exception {
    private final String field;

    public ConfigException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
