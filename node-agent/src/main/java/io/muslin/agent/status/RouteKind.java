package io.muslin.agent.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a route reaches its destination: on the shared subnet, through ipip or vxlan, or a blackhole for an own block. */
public enum RouteKind {
    DIRECT, IPIP, VXLAN, BLACKHOLE;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RouteKind of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
