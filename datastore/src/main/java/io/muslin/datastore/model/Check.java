package io.muslin.datastore.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects {@link FieldError}s while a resource checks its fields. */
public final class Check {
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private final List<FieldError> errors = new ArrayList<>();

    public Check fail(String field, String reason) {
        errors.add(new FieldError(field, reason));
        return this;
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public Check require(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            fail(field, "is required");
        }
        return this;
    }

    public Check name(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else if (!DNS_NAME.matcher(value).matches()) {
            fail(field, "'" + value + "' is not a valid name (lower-case letters, digits, '-' and '.', at most 253)");
        }
        return this;
    }

    /** Checks a CIDR and returns it, or null (with an error) when bad or missing. */
    public Cidr cidr(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
            return null;
        }
        try {
            return Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            fail(field, "bad CIDR: " + e.getMessage());
            return null;
        }
    }

    public void ip(String field, String value) {
        if (value == null) {
            return;
        }
        try {
            Cidr.parseIp(value);
        } catch (IllegalArgumentException e) {
            fail(field, "bad IP address: " + e.getMessage());
        }
    }

    /** A host address in CIDR form, e.g. "10.0.0.5/24" (host bits allowed). */
    public void ipWithPrefix(String field, String value) {
        if (value == null) {
            return;
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            fail(field, "'" + value + "' must be an address in CIDR form, e.g. 10.0.0.5/24");
            return;
        }
        try {
            byte[] a = Cidr.parseIp(value.substring(0, slash)).getAddress();
            int len = Integer.parseInt(value.substring(slash + 1));
            if (len < 0 || len > a.length * 8) {
                fail(field, "prefix length " + len + " is out of range");
            }
        } catch (IllegalArgumentException e) {
            fail(field, "bad address: " + e.getMessage());
        }
    }

    public void oneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            fail(field, "unknown value '" + value + "' (expected one of " + allowed.stream().sorted().toList() + ")");
        }
    }

    public void asNumber(String field, Long value) {
        if (value != null && (value < 1 || value > 4294967295L)) {
            fail(field, value + " is not a valid AS number (1..4294967295)");
        }
    }

    public void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            fail(field, value + " is out of range " + min + ".." + max);
        }
    }
}
