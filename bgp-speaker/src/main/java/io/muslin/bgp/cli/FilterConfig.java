package io.muslin.bgp.cli;

import io.muslin.bgp.rib.Filter;
import io.muslin.bgp.rib.FilterRule;
import io.muslin.bgp.rib.PeerPolicy;
import io.muslin.bgp.rib.RibPeer;
import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads filters (modelled on Calico's BGPFilter) and per-peer policy from the speaker's YAML. */
final class FilterConfig {
    private static final Set<String> FILTER = Set.of("name", "rules");
    private static final Set<String> RULE = Set.of("action", "matchOperator", "cidr", "prefixLength", "communities",
            "asPathPrefix", "operations");
    private static final Set<String> LENGTH = Set.of("min", "max");
    private static final Set<String> MAX_PREFIX = Set.of("limit", "action", "restartDelay");

    private FilterConfig() {
    }

    static List<Filter> filters(ConfigNode top) throws ConfigException {
        List<Filter> out = new ArrayList<>();
        for (ConfigNode f : top.children("filters")) {
            f.onlyKeys(FILTER);
            String name = f.text("name", null);
            if (name == null || name.isBlank()) {
                throw new ConfigException(f.field("name"), "is required");
            }
            if (out.stream().anyMatch(x -> x.name().equals(name))) {
                throw new ConfigException(f.field("name"), "'" + name + "' is defined twice");
            }
            List<FilterRule> rules = new ArrayList<>();
            for (ConfigNode r : f.children("rules")) {
                rules.add(rule(r));
            }
            out.add(new Filter(name, rules));
        }
        return out;
    }

    private static FilterRule rule(ConfigNode r) throws ConfigException {
        r.onlyKeys(RULE);
        FilterRule.Action action = switch (r.text("action", "")) {
            case "Accept" -> FilterRule.Action.ACCEPT;
            case "Reject" -> FilterRule.Action.REJECT;
            case "" -> throw new ConfigException(r.field("action"), "is required (Accept or Reject)");
            default -> throw new ConfigException(r.field("action"), "'" + r.text("action", "") + "' is not Accept or Reject");
        };
        String op = r.text("matchOperator", null);
        FilterRule.MatchOperator operator = op == null ? null : switch (op) {
            case "Equal" -> FilterRule.MatchOperator.EQUAL;
            case "NotEqual" -> FilterRule.MatchOperator.NOT_EQUAL;
            case "In" -> FilterRule.MatchOperator.IN;
            case "NotIn" -> FilterRule.MatchOperator.NOT_IN;
            default -> throw new ConfigException(r.field("matchOperator"), "'" + op + "' is not Equal, NotEqual, In or NotIn");
        };
        IpPrefix cidr = null;
        String c = r.text("cidr", null);
        if (c != null) {
            try {
                cidr = IpPrefix.parse(c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.field("cidr"), e.getMessage());
            }
        }
        if ((cidr == null) != (operator == null)) {
            throw new ConfigException(r.field(cidr == null ? "matchOperator" : "cidr"),
                    "cidr and matchOperator go together");
        }
        Integer min = null, max = null;
        ConfigNode len = r.child("prefixLength");
        if (len != null) {
            len.onlyKeys(LENGTH);
            min = len.has("min") ? len.intValue("min", 0, 128, null) : null;
            max = len.has("max") ? len.intValue("max", 0, 128, null) : null;
        }
        List<Integer> communities = new ArrayList<>();
        List<String> cs = r.texts("communities");
        for (int i = 0; i < cs.size(); i++) {
            communities.add(community(cs.get(i), r.field("communities") + "[" + i + "]"));
        }
        List<Long> asPath = new ArrayList<>();
        List<String> as = r.texts("asPathPrefix");
        for (int i = 0; i < as.size(); i++) {
            asPath.add(asn(as.get(i), r.field("asPathPrefix") + "[" + i + "]"));
        }
        List<FilterRule.Operation> ops = new ArrayList<>();
        for (ConfigNode o : r.children("operations")) {
            ops.add(operation(o));
        }
        try {
            return new FilterRule(action, operator, cidr, min, max, communities, asPath, ops);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.field(len != null ? "prefixLength" : "cidr"), e.getMessage());
        }
    }

    private static FilterRule.Operation operation(ConfigNode o) throws ConfigException {
        o.onlyKeys(Set.of("addCommunity", "prependASPath", "setLocalPreference"));
        if (o.has("addCommunity")) {
            return new FilterRule.Operation.AddCommunity(community(o.text("addCommunity", ""), o.field("addCommunity")));
        }
        if (o.has("prependASPath")) {
            List<Long> asns = new ArrayList<>();
            List<String> t = o.texts("prependASPath");
            for (int i = 0; i < t.size(); i++) {
                asns.add(asn(t.get(i), o.field("prependASPath") + "[" + i + "]"));
            }
            if (asns.isEmpty()) {
                throw new ConfigException(o.field("prependASPath"), "needs at least one AS number");
            }
            return new FilterRule.Operation.PrependAsPath(asns);
        }
        if (o.has("setLocalPreference")) {
            return new FilterRule.Operation.SetLocalPreference(o.longValue("setLocalPreference", 0, 0xFFFFFFFFL, null));
        }
        throw new ConfigException(o.field("(operation)"), "needs addCommunity, prependASPath or setLocalPreference");
    }

    /** "65000:100", or a well-known name (no-export, no-advertise, no-export-subconfed). */
    static int community(String text, String field) throws ConfigException {
        switch (text.toLowerCase(Locale.ROOT)) {
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
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                int hi = Integer.parseInt(parts[0]), lo = Integer.parseInt(parts[1]);
                if (hi >= 0 && hi <= 0xFFFF && lo >= 0 && lo <= 0xFFFF) {
                    return (hi << 16) | lo;
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ConfigException(field, "'" + text + "' is not a community (ASN:value with both 0..65535, or no-export)");
    }

    private static long asn(String text, String field) throws ConfigException {
        try {
            long v = Long.parseLong(text);
            if (v >= 1 && v <= 0xFFFFFFFFL) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ConfigException(field, "'" + text + "' is not an AS number (1..4294967295)");
    }

    /** The policy part of one peer's entry. */
    static PeerPolicy policy(ConfigNode p, Map<String, Filter> filters) throws ConfigException {
        RibPeer.NextHopMode mode = switch (p.text("nextHopMode", "Auto")) {
            case "Auto" -> RibPeer.NextHopMode.AUTO;
            case "Self" -> RibPeer.NextHopMode.SELF;
            case "Keep" -> RibPeer.NextHopMode.KEEP;
            default -> throw new ConfigException(p.field("nextHopMode"), "'" + p.text("nextHopMode", "")
                    + "' is not Auto, Self or Keep");
        };
        PeerPolicy.MaxPrefix max = null;
        ConfigNode m = p.child("maxPrefix");
        if (m != null) {
            m.onlyKeys(MAX_PREFIX);
            int limit = m.intValue("limit", 1, Integer.MAX_VALUE, null);
            boolean warn = switch (m.text("action", "Reset")) {
                case "Warn" -> true;
                case "Reset" -> false;
                default -> throw new ConfigException(m.field("action"), "'" + m.text("action", "") + "' is not Warn or Reset");
            };
            max = new PeerPolicy.MaxPrefix(limit, warn, Duration.ofSeconds(m.intValue("restartDelay", 0, 86400, 60)));
        }
        return new PeerPolicy(named(p, "importFilters", filters), named(p, "exportFilters", filters), mode,
                p.bool("routeReflectorClient", false), p.bool("meshPeer", false), p.bool("exportLearned", false), max);
    }

    private static List<Filter> named(ConfigNode p, String key, Map<String, Filter> filters) throws ConfigException {
        List<Filter> out = new ArrayList<>();
        List<String> names = p.texts(key);
        for (int i = 0; i < names.size(); i++) {
            Filter f = filters.get(names.get(i));
            if (f == null) {
                throw new ConfigException(p.field(key) + "[" + i + "]", "no filter named '" + names.get(i) + "'; defined: "
                        + filters.keySet());
            }
            out.add(f);
        }
        return out;
    }
}
