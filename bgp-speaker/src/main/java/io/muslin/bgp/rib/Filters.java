package io.muslin.bgp.rib;

import io.muslin.bgp.settings.Filter;
import io.muslin.bgp.settings.FilterRule;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link Filter}s over a route: the first matching rule of the first filter with one decides. */
final class Filters {
    private Filters() {
    }

    /** The result of running filters over one route. */
    sealed interface Verdict {
        record Accept(AttrSet attrs) implements Verdict {
        }

        record Reject(String filter) implements Verdict {
        }

        record NoMatch() implements Verdict {
        }

        NoMatch NO_MATCH = new NoMatch();
    }

    static Verdict evaluate(List<Filter> filters, IpPrefix prefix, AttrSet attrs) {
        for (Filter f : filters) {
            for (FilterRule r : f.rules()) {
                if (matches(r, prefix, attrs)) {
                    return r.action() == FilterRule.Action.ACCEPT ? new Verdict.Accept(apply(r, attrs))
                            : new Verdict.Reject(f.name());
                }
            }
        }
        return Verdict.NO_MATCH;
    }

    static boolean matches(FilterRule r, IpPrefix prefix, AttrSet attrs) {
        if (r.cidr() != null && !matchesCidr(r, prefix)) {
            return false;
        }
        if (!r.communities().isEmpty()) {
            PathAttribute.Communities c = attrs.find(PathAttribute.Communities.class);
            if (c == null || r.communities().stream().noneMatch(c.values()::contains)) {
                return false;
            }
        }
        if (!r.asPathPrefix().isEmpty()) {
            List<Long> want = r.asPathPrefix();
            int i = 0;
            outer:
            for (AsPathSegment seg : attrs.asPath().segments()) {
                for (int j = 0; j < seg.size() && i < want.size(); j++, i++) {
                    if (seg.type() != AsPathSegment.AS_SEQUENCE || seg.asn(j) != want.get(i)) {
                        break outer;
                    }
                }
            }
            if (i < want.size()) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesCidr(FilterRule r, IpPrefix prefix) {
        if (prefix.v6() != r.cidr().v6()) {
            return r.operator() == FilterRule.MatchOperator.NOT_EQUAL || r.operator() == FilterRule.MatchOperator.NOT_IN;
        }
        return switch (r.operator()) {
            case EQUAL -> prefix.equals(r.cidr());
            case NOT_EQUAL -> !prefix.equals(r.cidr());
            case IN -> in(r, prefix);
            case NOT_IN -> !in(r, prefix);
        };
    }

    private static boolean in(FilterRule r, IpPrefix prefix) {
        int min = r.minLength() != null ? r.minLength() : r.cidr().length();
        int max = r.maxLength() != null ? r.maxLength() : r.cidr().bitLength();
        return r.cidr().contains(prefix) && prefix.length() >= min && prefix.length() <= max;
    }

    /** The attributes after the rule's operations. */
    static AttrSet apply(FilterRule r, AttrSet attrs) {
        AttrSet out = attrs;
        for (FilterRule.Operation op : r.operations()) {
            out = switch (op) {
                case FilterRule.Operation.AddCommunity c -> {
                    PathAttribute.Communities existing = out.find(PathAttribute.Communities.class);
                    List<Integer> values = new ArrayList<>(existing == null ? List.of() : existing.values());
                    if (!values.contains(c.community())) {
                        values.add(c.community());
                    }
                    yield out.with(new PathAttribute.Communities(values));
                }
                case FilterRule.Operation.PrependAsPath p -> out.prepend(p.asns().stream().mapToLong(Long::longValue).toArray());
                case FilterRule.Operation.SetLocalPreference lp -> out.with(new PathAttribute.LocalPref(lp.value()));
            };
        }
        return out;
    }
}
