package io.muslin.agent.bgp;

import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.settings.SettingException;
import io.muslin.datastore.model.BGPFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A BGPPeer's {@code filters} (names of BGPFilter resources, in order) as the speaker's import and
 * export filters for one session: a session of IPv4 takes the filters' {@code importV4} /
 * {@code exportV4} rules, one of IPv6 the {@code V6} ones; the first rule that matches decides, as
 * in Calico. A missing filter, and a rule that says {@code source} or {@code interface} (which the
 * speaker's rules cannot express), are left out and named in the warnings, never guessed.
 *
 * @param imports the speaker's import filters, in order
 * @param exports the speaker's export filters, in order
 */
public record FilterMapping(List<Filter> imports, List<Filter> exports) {
    public static final FilterMapping NONE = new FilterMapping(List.of(), List.of());

    public static FilterMapping of(List<String> names, boolean v6, Map<String, BGPFilter> filters, String peer,
                                   List<String> warnings) {
        if (names.isEmpty()) {
            return NONE;
        }
        List<Filter> imports = new ArrayList<>();
        List<Filter> exports = new ArrayList<>();
        for (String name : names) {
            BGPFilter f = filters.get(name);
            if (f == null) {
                warnings.add(peer + ": BGPFilter " + name + " does not exist; left out");
                continue;
            }
            BGPFilter.Spec s = f.spec();
            imports.add(new Filter(name, rules(name, v6 ? s.importV6() : s.importV4(), v6 ? "importV6" : "importV4", warnings)));
            exports.add(new Filter(name, rules(name, v6 ? s.exportV6() : s.exportV4(), v6 ? "exportV6" : "exportV4", warnings)));
        }
        return new FilterMapping(imports, exports);
    }

    private static List<FilterRule> rules(String filter, List<BGPFilter.Rule> rules, String field, List<String> warnings) {
        List<FilterRule> out = new ArrayList<>();
        if (rules == null) {
            return out;
        }
        for (int i = 0; i < rules.size(); i++) {
            BGPFilter.Rule r = rules.get(i);
            String where = "BGPFilter " + filter + " spec." + field + "[" + i + "]";
            if (r.source() != null || r.interfaceName() != null) {
                warnings.add(where + ": source and interface matches are not supported; rule left out");
                continue;
            }
            try {
                out.add(FilterRule.parse(r.action(), r.cidr() == null ? null : r.matchOperator(), r.cidr(), null, null, List.of(),
                        List.of(), List.of()));
            } catch (SettingException e) {
                warnings.add(where + "." + e.getMessage() + "; rule left out");
            }
        }
        return out;
    }
}
