package io.muslin.bgp.cli;

import io.muslin.bgp.settings.SettingException;

/** A configuration value that cannot be used: names the field (as a path) and the reason. */
public final class ConfigException extends Exception {
    private final String field;

    public ConfigException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The speaker API's complaint about a value read at {@code path} of the file. */
    static ConfigException at(String path, SettingException e) {
        SettingException placed = e.under(path);
        return new ConfigException(placed.field(), placed.reason());
    }

    public String field() {
        return field;
    }
}
