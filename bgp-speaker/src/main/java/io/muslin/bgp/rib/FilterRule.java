package io.muslin.bgp.rib;

import io.muslin.bgp.wire.IpPrefix;
import io.muslin.bgp.wire.PathAttribute;
import java.util.List;

/**
 * One rule of a {@link Filter}, after Calico's BGPFilter: optional matches (a CIDR with an
 * operator and a prefix-length range, communities, an AS-path prefix), an action, and operations
 * applied when the action is Accept. A rule without matches matches everything.
 *
 * @param cidr        with {@code operator}; null = any prefix
 * @param minLength   In/NotIn: smallest prefix length that matches (default: the CIDR's length)
 * @param maxLength   In/NotIn: largest (default: 32 or 128)
 * @param communities the route must carry at least one of these (empty = no condition)
 * @param asPathPrefix the AS_PATH must start with these ASNs (empty = no condition)
 */
public record FilterRule(Action action, MatchOperator operator, IpPrefix cidr, Integer minLength, Integer maxLength,
                         List<Integer> communities, List<Long> asPathPrefix, List<Operation> operations) {
    public enum Action { ACCEPT, REJECT }

    public enum MatchOperator { EQUAL, NOT_EQUAL, IN, NOT_IN }

    /** What an accepting rule changes (Calico BGPFilter operations). */
    public sealed interface Operation {
        record AddCommunity(int community) implements Operation {
        }

        record PrependAsPath(List<Long> asns) implements Operation {
        }

        record SetLocalPreference(long value) implements Operation {
        }
    }

    public FilterRule {
        if (cidr != null && operator == null) {
            throw new IllegalArgumentException("a cidr needs a matchOperator (Equal, NotEqual, In, NotIn)");
        }
        if ((minLength != null || maxLength != null) && (operator == MatchOperator.EQUAL || operator == MatchOperator.NOT_EQUAL)) {
            throw new IllegalArgumentException("prefixLength only goes with In or NotIn");
        }
        int max = cidr == null ? 128 : (cidr.isIpv6() ? 128 : 32);
        if (minLength != null && (minLength < (cidr == null ? 0 : cidr.length()) || minLength > max)) {
            throw new IllegalArgumentException("prefixLength.min " + minLength + " is outside "
                    + (cidr == null ? 0 : cidr.length()) + ".." + max);
        }
        if (maxLength != null && (maxLength > max || (minLength != null && maxLength < minLength))) {
            throw new IllegalArgumentException("prefixLength.max " + maxLength + " must be within min.." + max);
        }
        communities = List.copyOf(communities);
        asPathPrefix = List.copyOf(asPathPrefix);
        operations = List.copyOf(operations);
    }

    public static FilterRule accept(MatchOperator op, IpPrefix cidr) {
        return new FilterRule(Action.ACCEPT, op, cidr, null, null, List.of(), List.of(), List.of());
    }

    public static FilterRule reject(MatchOperator op, IpPrefix cidr) {
        return new FilterRule(Action.REJECT, op, cidr, null, null, List.of(), List.of(), List.of());
    }

    public boolean matches(IpPrefix prefix, AttrSet attrs) {
        if (cidr != null && !matchesCidr(prefix)) {
            return false;
        }
        if (!communities.isEmpty()) {
            PathAttribute.Communities c = attrs.find(PathAttribute.Communities.class);
            if (c == null || communities.stream().noneMatch(c.values()::contains)) {
                return false;
            }
        }
        if (!asPathPrefix.isEmpty()) {
            PathAttribute.AsPath path = attrs.asPath();
            int i = 0;
            outer:
            for (var seg : path.segments()) {
                for (int j = 0; j < seg.size() && i < asPathPrefix.size(); j++, i++) {
                    if (seg.type() != io.muslin.bgp.wire.AsPathSegment.AS_SEQUENCE || seg.asn(j) != asPathPrefix.get(i)) {
                        break outer;
                    }
                }
            }
            if (i < asPathPrefix.size()) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesCidr(IpPrefix prefix) {
        if (prefix.isIpv6() != cidr.isIpv6()) {
            return operator == MatchOperator.NOT_EQUAL || operator == MatchOperator.NOT_IN;
        }
        return switch (operator) {
            case EQUAL -> prefix.equals(cidr);
            case NOT_EQUAL -> !prefix.equals(cidr);
            case IN -> in(prefix);
            case NOT_IN -> !in(prefix);
        };
    }

    private boolean in(IpPrefix prefix) {
        int min = minLength != null ? minLength : cidr.length();
        int max = maxLength != null ? maxLength : (cidr.isIpv6() ? 128 : 32);
        return cidr.contains(prefix) && prefix.length() >= min && prefix.length() <= max;
    }

    /** The attributes after this rule's operations. */
    public AttrSet apply(AttrSet attrs) {
        AttrSet out = attrs;
        for (Operation op : operations) {
            out = switch (op) {
                case Operation.AddCommunity c -> {
                    PathAttribute.Communities existing = out.find(PathAttribute.Communities.class);
                    List<Integer> values = new java.util.ArrayList<>(existing == null ? List.of() : existing.values());
                    if (!values.contains(c.community())) {
                        values.add(c.community());
                    }
                    yield out.with(new PathAttribute.Communities(values));
                }
                case Operation.PrependAsPath p -> out.prepend(p.asns().stream().mapToLong(Long::longValue).toArray());
                case Operation.SetLocalPreference lp -> out.with(new PathAttribute.LocalPref(lp.value()));
            };
        }
        return out;
    }
}
