package io.muslin.datastore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A value that is a number or a name, as Kubernetes' IntOrString: a NetworkPolicy port is
 * {@code 80} or {@code http}. On the wire it is a JSON number or a JSON string; a quoted number
 * ({@code "80"}) is a name, as in Kubernetes (and fails the name check).
 */
public record IntOrString(Integer number, String name) {
    public IntOrString {
        if ((number == null) == (name == null)) {
            throw new IllegalArgumentException("give a number or a name");
        }
    }

    public static IntOrString of(int number) {
        return new IntOrString(number, null);
    }

    public static IntOrString of(String name) {
        return new IntOrString(null, name);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static IntOrString fromJson(JsonNode n) {
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt()) {
                throw new IllegalArgumentException(n + " is out of range");
            }
            return of(n.intValue());
        }
        if (n.isTextual()) {
            return of(n.textValue());
        }
        throw new IllegalArgumentException("expected a number or a name, got " + n);
    }

    @JsonValue
    Object json() {
        return number != null ? number : name;
    }

    public boolean isNumber() {
        return number != null;
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }
}
