package io.muslin.datastore.model;

import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Set;

/** Import/export route filters referenced by BGPPeer.filters (Calico's BGPFilter). */
public record BGPFilter(ObjectMeta metadata, Spec spec) implements Resource {
    public static final Set<String> ACTIONS = Set.of("Accept", "Reject");
    public static final Set<String> OPERATORS = Set.of("Equal", "NotEqual", "In", "NotIn");

    /** Calico's BGPFilterSpec: ordered rules per direction and family. */
    public record Spec(List<Rule> exportV4, List<Rule> importV4, List<Rule> exportV6, List<Rule> importV6) {}

    /** One rule: when the route's prefix matches {@code cidr} by {@code matchOperator}, apply {@code action}. */
    public record Rule(String cidr, String matchOperator, String action, String source, String interfaceName) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        rules(c, "spec.exportV4", spec.exportV4(), false);
        rules(c, "spec.importV4", spec.importV4(), false);
        rules(c, "spec.exportV6", spec.exportV6(), true);
        rules(c, "spec.importV6", spec.importV6(), true);
        return c.errors();
    }

    private static void rules(Check c, String field, List<Rule> rules, boolean v6) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String f = field + "[" + i + "]";
            c.require(f + ".action", r.action());
            c.oneOf(f + ".action", r.action(), ACTIONS);
            if (r.cidr() != null) {
                IpPrefix cidr = c.cidr(f + ".cidr", r.cidr());
                if (cidr != null && cidr.v6() != v6) {
                    c.fail(f + ".cidr", r.cidr() + " is not an " + (v6 ? "IPv6" : "IPv4") + " CIDR");
                }
                c.require(f + ".matchOperator", r.matchOperator());
            }
            c.oneOf(f + ".matchOperator", r.matchOperator(), OPERATORS);
        }
    }

    @Override
    public BGPFilter withMetadata(ObjectMeta m) {
        return new BGPFilter(m, spec);
    }
}
