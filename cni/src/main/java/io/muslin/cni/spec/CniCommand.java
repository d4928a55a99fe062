package io.muslin.cni.spec;

import java.util.Locale;

/** The operations a runtime asks for in {@code CNI_COMMAND}. */
public enum CniCommand {
    ADD, DEL, CHECK, VERSION, STATUS, GC;

    /** The command named by {@code CNI_COMMAND}; anything else is error 4 naming the value. */
    public static CniCommand parse(String value) {
        if (value == null || value.isBlank()) {
            throw CniError.badEnvironment("CNI_COMMAND", "is not set (expected one of ADD, DEL, CHECK, VERSION, STATUS, GC)");
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CniError.badEnvironment("CNI_COMMAND", "unknown command '" + value + "' (expected one of ADD, DEL, CHECK, VERSION, STATUS, GC)");
        }
    }

    /** Whether the runtime must give a container id, network namespace and interface name. */
    public boolean needsContainer() {
        return this == ADD || this == DEL || this == CHECK;
    }
}
