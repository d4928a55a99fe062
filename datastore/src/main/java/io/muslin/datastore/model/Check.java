package io.muslin.datastore.model;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects {@link FieldError}s while a resource checks its fields. Addresses and prefixes are
 * parsed into the {@code io.muslin.net} types; each check that parses returns the value (or null,
 * with an error recorded) so the caller can check further.
 */
public final class Check {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
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

    /** A DNS subdomain name (RFC 1123): what most objects are named by. */
    public Check name(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else if (!DNS_SUBDOMAIN.matcher(value).matches()) {
            fail(field, "'" + value + "' is not a valid name (lower-case letters, digits, '-' and '.', at most 253)");
        }
        return this;
    }

    /** A DNS label (RFC 1123): what namespaces are named by. */
    public Check label(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        } else if (!DNS_LABEL.matcher(value).matches()) {
            fail(field, "'" + value + "' is not a valid DNS label (lower-case letters, digits and '-', at most 63)");
        }
        return this;
    }

    /** Kubernetes label keys ({@code [prefix/]name}) and values. */
    public Check labels(String field, Map<String, String> labels) {
        if (labels == null) {
            return this;
        }
        labels.forEach((k, v) -> {
            labelKey(field + "[" + k + "]", k);
            labelValue(field + "[" + k + "]", v);
        });
        return this;
    }

    /** A qualified label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public Check labelKey(String field, String key) {
        if (key == null || key.isEmpty()) {
            return fail(field, "a label key is required");
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !DNS_SUBDOMAIN.matcher(key.substring(0, slash)).matches()) {
            fail(field, "label key '" + key + "' has a prefix that is not a DNS subdomain");
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            fail(field, "label key '" + key + "' must be at most 63 letters, digits, '-', '_' or '.', starting and ending"
                    + " with a letter or digit");
        }
        return this;
    }

    public Check labelValue(String field, String value) {
        if (value == null || !LABEL_VALUE.matcher(value).matches()) {
            fail(field, "label value '" + value + "' must be at most 63 letters, digits, '-', '_' or '.', starting and"
                    + " ending with a letter or digit");
        }
        return this;
    }

    /** Checks a CIDR (host bits must be zero) and returns it, or null (with an error) when bad or missing. */
    public IpPrefix cidr(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
            return null;
        }
        try {
            return IpPrefix.parse(value);
        } catch (IllegalArgumentException e) {
            fail(field, "bad CIDR: " + e.getMessage());
            return null;
        }
    }

    /** Checks an address literal when present; returns it, or null (absent, or bad with an error). */
    public IpAddress ip(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return IpAddress.parse(value);
        } catch (IllegalArgumentException e) {
            fail(field, "bad IP address: " + e.getMessage());
            return null;
        }
    }

    /** An interface address in CIDR form, e.g. "10.0.0.5/24" (host bits allowed); null when absent or bad. */
    public InterfaceAddress interfaceAddress(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('/') < 0) {
            fail(field, "'" + value + "' must be an address in CIDR form, e.g. 10.0.0.5/24");
            return null;
        }
        try {
            return InterfaceAddress.parse(value);
        } catch (IllegalArgumentException e) {
            fail(field, "bad address: " + e.getMessage());
            return null;
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

    /** A port name as Kubernetes allows it (IANA service name): 1..15 of a-z, 0-9 and '-', at least one letter. */
    public void portName(String field, String value) {
        if (value == null || value.isEmpty()) {
            fail(field, "a port name is required");
        } else if (!PORT_NAME.matcher(value).matches() || value.contains("--") || value.chars().noneMatch(Character::isLetter)) {
            fail(field, "'" + value + "' is not a port name (1..15 lower-case letters, digits and '-', with a letter,"
                    + " no '--', not starting or ending with '-')");
        }
    }

    public void mac(String field, String value) {
        if (value != null && !MAC.matcher(value).matches()) {
            fail(field, "'" + value + "' is not a MAC address");
        }
    }

    /** Standard base64 (RFC 4648 §4), as Kubernetes stores secret data. */
    public void base64(String field, String value) {
        if (value == null) {
            fail(field, "is required");
            return;
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            fail(field, "is not base64: " + e.getMessage());
        }
    }
}
