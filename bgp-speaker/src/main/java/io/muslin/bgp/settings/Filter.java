package io.muslin.bgp.settings;

import java.util.List;

/**
 * A named, ordered list of rules (Calico's BGPFilter); the first rule that matches decides.
 * The RIB evaluates filters ({@code io.muslin.bgp.rib.Filters}); this is what they say.
 */
public record Filter(String name, List<FilterRule> rules) {
    public Filter {
        if (name == null || name.isBlank()) {
            throw new SettingException("name", "is required");
        }
        if (rules == null) {
            throw new SettingException("rules", "must be a list");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new SettingException("rules[" + i + "]", "is missing");
            }
        }
        rules = List.copyOf(rules);
    }

    static List<Filter> checkList(List<Filter> filters, String field) {
        if (filters == null) {
            throw new SettingException(field, "must be a list (empty for none)");
        }
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i) == null) {
                throw new SettingException(field + "[" + i + "]", "is missing");
            }
        }
        return List.copyOf(filters);
    }
}
