package io.muslin.bgp.rib;

import io.muslin.bgp.wire.IpPrefix;
import java.util.List;

/** A named, ordered list of rules (Calico's BGPFilter); the first rule that matches decides. */
public record Filter(String name, List<FilterRule> rules) {
    public Filter {
        rules = List.copyOf(rules);
    }

    /** The result of running filters over one route. */
    public sealed interface Verdict {
        record Accept(AttrSet attrs) implements Verdict {
        }

        record Reject(String filter) implements Verdict {
        }

        record NoMatch() implements Verdict {
        }

        NoMatch NO_MATCH = new NoMatch();
    }

    /** Runs the filters in order: the first matching rule of the first filter with one decides. */
    public static Verdict evaluate(List<Filter> filters, IpPrefix prefix, AttrSet attrs) {
        for (Filter f : filters) {
            for (FilterRule r : f.rules) {
                if (r.matches(prefix, attrs)) {
                    return r.action() == FilterRule.Action.ACCEPT ? new Verdict.Accept(r.apply(attrs))
                            : new Verdict.Reject(f.name);
                }
            }
        }
        return Verdict.NO_MATCH;
    }
}
