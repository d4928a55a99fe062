package io.muslin.bgp.settings;

import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One rule of a {@link Filter}, after Calico's BGPFilter: optional matches (a CIDR with an
 * operator and a prefix-length range, communities, an AS-path prefix), an action, and operations
 * applied when the action is Accept. A rule without matches matches everything.
 *
 * <p>{@link #parse} builds one from plain text values as a BGPFilter resource or a YAML file
 * holds them; every problem names its field ({@code cidr}, {@code communities[1]},
 * {@code operations[0].addCommunity}).
 *
 * @param cidr        with {@code operator}; null = any prefix
 * @param minLength   In/NotIn: smallest prefix length that matches (default: the CIDR's length)
 * @param maxLength   In/NotIn: largest (default: 32 or 128)
 * @param communities the route must carry at least one of these (empty = no condition)
 * @param asPathPrefix the AS_PATH must start with these ASNs (empty = no condition)
 */
public record FilterRule(Action action, MatchOperator operator, IpPrefix cidr, Integer minLength, Integer maxLength,
                         List<Integer> communities, List<Long> asPathPrefix, List<Operation> operations) {
    public enum Action {
        ACCEPT, REJECT;

        /** "Accept" or "Reject". */
        public static Action parse(String text) {
            return switch (text == null ? "" : text) {
                case "Accept" -> ACCEPT;
                case "Reject" -> REJECT;
                case "" -> throw new SettingException("action", "is required (Accept or Reject)");
                default -> throw new SettingException("action", "'" + text + "' is not Accept or Reject");
            };
        }
    }

    public enum MatchOperator {
        EQUAL, NOT_EQUAL, IN, NOT_IN;

        /** "Equal", "NotEqual", "In" or "NotIn"; null stays null (no CIDR match). */
        public static MatchOperator parse(String text) {
            if (text == null) {
                return null;
            }
            return switch (text) {
                case "Equal" -> EQUAL;
                case "NotEqual" -> NOT_EQUAL;
                case "In" -> IN;
                case "NotIn" -> NOT_IN;
                default -> throw new SettingException("matchOperator", "'" + text + "' is not Equal, NotEqual, In or NotIn");
            };
        }
    }

    /** What an accepting rule changes (Calico BGPFilter operations). */
    public sealed interface Operation {
        record AddCommunity(int community) implements Operation {
        }

        record PrependAsPath(List<Long> asns) implements Operation {
            public PrependAsPath {
                if (asns == null || asns.isEmpty()) {
                    throw new SettingException("prependASPath", "needs at least one AS number");
                }
                asns = List.copyOf(asns);
            }
        }

        record SetLocalPreference(long value) implements Operation {
            public SetLocalPreference {
                if (value < 0 || value > 0xFFFFFFFFL) {
                    throw new SettingException("setLocalPreference", value + " is outside 0..4294967295");
                }
            }
        }
    }

    public FilterRule {
        if (action == null) {
            throw new SettingException("action", "is required (Accept or Reject)");
        }
        if ((cidr == null) != (operator == null)) {
            throw new SettingException(cidr == null ? "cidr" : "matchOperator",
                    "cidr and matchOperator go together (Equal, NotEqual, In or NotIn)");
        }
        if ((minLength != null || maxLength != null) && operator != MatchOperator.IN && operator != MatchOperator.NOT_IN) {
            throw new SettingException("prefixLength", "only goes with matchOperator In or NotIn");
        }
        int max = cidr == null ? 128 : cidr.bitLength();
        int least = cidr == null ? 0 : cidr.length();
        if (minLength != null && (minLength < least || minLength > max)) {
            throw new SettingException("prefixLength.min", minLength + " is outside " + least + ".." + max);
        }
        if (maxLength != null && (maxLength > max || maxLength < (minLength != null ? minLength : least))) {
            throw new SettingException("prefixLength.max", maxLength + " is outside "
                    + (minLength != null ? minLength : least) + ".." + max);
        }
        communities = List.copyOf(communities == null ? List.of() : communities);
        asPathPrefix = List.copyOf(asPathPrefix == null ? List.of() : asPathPrefix);
        operations = List.copyOf(operations == null ? List.of() : operations);
        if (action == Action.REJECT && !operations.isEmpty()) {
            throw new SettingException("operations", "apply only to an Accept rule");
        }
    }

    public static FilterRule accept(MatchOperator op, IpPrefix cidr) {
        return new FilterRule(Action.ACCEPT, op, cidr, null, null, List.of(), List.of(), List.of());
    }

    public static FilterRule reject(MatchOperator op, IpPrefix cidr) {
        return new FilterRule(Action.REJECT, op, cidr, null, null, List.of(), List.of(), List.of());
    }

    /**
     * A rule from the text values of a BGPFilter rule.
     *
     * @param action        "Accept" or "Reject"
     * @param matchOperator "Equal", "NotEqual", "In", "NotIn", or null with no cidr
     * @param cidr          "10.244.0.0/16", or null
     * @param prefixMin     prefixLength.min, or null
     * @param prefixMax     prefixLength.max, or null
     * @param communities   "65000:100" or no-export / no-advertise / no-export-subconfed
     * @param asPathPrefix  AS numbers as text
     * @param operations    built with {@link #addCommunity}, {@link #prependAsPath}, {@link #setLocalPreference}
     * @throws SettingException naming the field and the reason
     */
    public static FilterRule parse(String action, String matchOperator, String cidr, Integer prefixMin, Integer prefixMax,
                                   List<String> communities, List<String> asPathPrefix, List<Operation> operations) {
        Action a = Action.parse(action);
        MatchOperator op = MatchOperator.parse(matchOperator);
        IpPrefix c = null;
        if (cidr != null) {
            try {
                c = IpPrefix.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new SettingException("cidr", e.getMessage());
            }
        }
        List<Integer> cs = new ArrayList<>();
        for (int i = 0; i < communities.size(); i++) {
            cs.add(parseCommunity(communities.get(i), "communities[" + i + "]"));
        }
        List<Long> path = new ArrayList<>();
        for (int i = 0; i < asPathPrefix.size(); i++) {
            path.add(parseAsn(asPathPrefix.get(i), "asPathPrefix[" + i + "]"));
        }
        return new FilterRule(a, op, c, prefixMin, prefixMax, cs, path, operations);
    }

    /** The operation {@code addCommunity}; the field named on error is {@code addCommunity}. */
    public static Operation addCommunity(String community) {
        return new Operation.AddCommunity(parseCommunity(community, "addCommunity"));
    }

    /** The operation {@code prependASPath}; fields named on error are {@code prependASPath[i]}. */
    public static Operation prependAsPath(List<String> asns) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < asns.size(); i++) {
            out.add(parseAsn(asns.get(i), "prependASPath[" + i + "]"));
        }
        return new Operation.PrependAsPath(out);
    }

    public static Operation setLocalPreference(long value) {
        return new Operation.SetLocalPreference(value);
    }

    /** "65000:100", or a well-known name (no-export, no-advertise, no-export-subconfed), as a 32-bit community. */
    public static int parseCommunity(String text, String field) {
        String t = text == null ? "" : text;
        switch (t.toLowerCase(Locale.ROOT)) {
            case "no-export" -> {
                return PathAttribute.Communities.NO_EXPORT;
            }
            case "no-advertise" -> {
                return PathAttribute.Communities.NO_ADVERTISE;
            }
            case "no-export-subconfed" -> {
                return PathAttribute.Communities.NO_EXPORT_SUBCONFED;
            }
            default -> { }
        }
        String[] parts = t.split(":");
        if (parts.length == 2 && parts[0].matches("\\d{1,5}") && parts[1].matches("\\d{1,5}")) {
            int hi = Integer.parseInt(parts[0]);
            int lo = Integer.parseInt(parts[1]);
            if (hi <= 0xFFFF && lo <= 0xFFFF) {
                return (hi << 16) | lo;
            }
        }
        throw new SettingException(field, "'" + t + "' is not a community (ASN:value with both 0..65535, or no-export)");
    }

    /** An AS number 1..4294967295 from text. */
    public static long parseAsn(String text, String field) {
        if (text != null && text.matches("\\d{1,10}")) {
            long v = Long.parseLong(text);
            if (v >= 1 && v <= 0xFFFFFFFFL) {
                return v;
            }
        }
        throw new SettingException(field, "'" + text + "' is not an AS number (1..4294967295)");
    }
}
