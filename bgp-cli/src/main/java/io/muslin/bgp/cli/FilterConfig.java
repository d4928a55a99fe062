package io.muslin.bgp.cli;

import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.SettingException;
import io.muslin.config.ConfigException;
import io.muslin.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads filters (modelled on Calico's BGPFilter) and per-peer policy from the speaker's YAML:
 * the YAML shape is checked here, the values by the speaker API ({@link FilterRule#parse},
 * {@link PeerPolicy}), whose complaints come back under the YAML path.
 */
final class FilterConfig {
    private static final Set<String> FILTER = Set.of("name", "rules");
    private static final Set<String> RULE = Set.of("action", "matchOperator", "cidr", "prefixLength", "communities",
            "asPathPrefix", "operations");
    private static final Set<String> LENGTH = Set.of("min", "max");
    private static final Set<String> OPERATION = Set.of("addCommunity", "prependASPath", "setLocalPreference");
    private static final Set<String> MAX_PREFIX = Set.of("limit", "action", "restartDelay");

    private FilterConfig() {
    }

    static List<Filter> filters(ConfigNode top) throws ConfigException {
        List<Filter> out = new ArrayList<>();
        List<ConfigNode> nodes = top.children("filters");
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode f = nodes.get(i);
            f.onlyKeys(FILTER);
            String name = f.text("name", null);
            if (out.stream().anyMatch(x -> x.name().equals(name))) {
                throw new ConfigException(f.field("name"), "'" + name + "' is defined twice");
            }
            List<FilterRule> rules = new ArrayList<>();
            for (ConfigNode r : f.children("rules")) {
                rules.add(rule(r));
            }
            try {
                out.add(new Filter(name, rules));
            } catch (SettingException e) {
                throw SpeakerConfig.settingError("filters[" + i + "]", e);
            }
        }
        return out;
    }

    private static FilterRule rule(ConfigNode r) throws ConfigException {
        r.onlyKeys(RULE);
        Integer min = null;
        Integer max = null;
        ConfigNode len = r.child("prefixLength");
        if (len != null) {
            len.onlyKeys(LENGTH);
            min = len.optionalInt("min", 0, 128);
            max = len.optionalInt("max", 0, 128);
        }
        List<FilterRule.Operation> ops = new ArrayList<>();
        List<ConfigNode> opNodes = r.children("operations");
        for (int i = 0; i < opNodes.size(); i++) {
            ops.add(operation(opNodes.get(i), r.field("operations") + "[" + i + "]"));
        }
        try {
            return FilterRule.parse(r.text("action", null), r.text("matchOperator", null), r.text("cidr", null), min, max,
                    r.texts("communities"), r.texts("asPathPrefix"), ops);
        } catch (SettingException e) {
            throw SpeakerConfig.settingError(r.path(), e);
        }
    }

    private static FilterRule.Operation operation(ConfigNode o, String path) throws ConfigException {
        o.onlyKeys(OPERATION);
        try {
            if (o.has("addCommunity")) {
                return FilterRule.addCommunity(o.text("addCommunity", ""));
            }
            if (o.has("prependASPath")) {
                return FilterRule.prependAsPath(o.texts("prependASPath"));
            }
            if (o.has("setLocalPreference")) {
                return FilterRule.setLocalPreference(o.longValue("setLocalPreference", 0, 0xFFFFFFFFL, null));
            }
        } catch (SettingException e) {
            throw SpeakerConfig.settingError(path, e);
        }
        throw new ConfigException(path, "needs addCommunity, prependASPath or setLocalPreference");
    }

    /** The policy part of one peer's entry. */
    static PeerPolicy policy(ConfigNode p, Map<String, Filter> filters) throws ConfigException {
        try {
            PeerPolicy.MaxPrefix max = null;
            ConfigNode m = p.child("maxPrefix");
            if (m != null) {
                m.onlyKeys(MAX_PREFIX);
                max = new PeerPolicy.MaxPrefix(m.intValue("limit", 1, Integer.MAX_VALUE, null),
                        PeerPolicy.MaxPrefix.parseWarningOnly(m.text("action", "Reset")),
                        Duration.ofSeconds(m.intValue("restartDelay", 0, 86400, 60)));
            }
            return new PeerPolicy(named(p, "importFilters", filters), named(p, "exportFilters", filters),
                    PeerPolicy.NextHopMode.parse(p.text("nextHopMode", "Auto")), p.bool("routeReflectorClient", false),
                    p.bool("meshPeer", false), p.bool("exportLearned", false), max);
        } catch (SettingException e) {
            throw SpeakerConfig.settingError(p.path(), e);
        }
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
