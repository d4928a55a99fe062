package io.muslin.datastore.model;

import java.util.List;
import java.util.Set;

/** A namespaced network policy (Calico's NetworkPolicy, the subset the policy module renders). */
public record NetworkPolicy(ObjectMeta metadata, Spec spec) implements Resource {
    public static final Set<String> ACTIONS = Set.of("Allow", "Deny", "Log", "Pass");
    public static final Set<String> TYPES = Set.of("Ingress", "Egress");
    public static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite");

    /** Calico's NetworkPolicySpec. */
    public record Spec(Double order, String selector, List<String> types, List<Rule> ingress, List<Rule> egress) {}

    /** Calico's Rule. */
    public record Rule(String action, String protocol, EntityRule source, EntityRule destination) {}

    /** Calico's EntityRule; ports are numbers or "from:to" ranges. */
    public record EntityRule(List<String> nets, List<String> notNets, String selector, String namespaceSelector,
                             List<String> ports, List<String> notPorts) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, true);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        selector(c, "spec.selector", spec.selector());
        if (spec.types() != null) {
            for (int i = 0; i < spec.types().size(); i++) {
                c.oneOf("spec.types[" + i + "]", spec.types().get(i), TYPES);
            }
        }
        rules(c, "spec.ingress", spec.ingress());
        rules(c, "spec.egress", spec.egress());
        return c.errors();
    }

    private static void rules(Check c, String field, List<Rule> rules) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String f = field + "[" + i + "]";
            c.require(f + ".action", r.action());
            c.oneOf(f + ".action", r.action(), ACTIONS);
            c.oneOf(f + ".protocol", r.protocol(), PROTOCOLS);
            entity(c, f + ".source", r.source(), r.protocol());
            entity(c, f + ".destination", r.destination(), r.protocol());
        }
    }

    private static void entity(Check c, String f, EntityRule e, String protocol) {
        if (e == null) {
            return;
        }
        nets(c, f + ".nets", e.nets());
        nets(c, f + ".notNets", e.notNets());
        selector(c, f + ".selector", e.selector());
        selector(c, f + ".namespaceSelector", e.namespaceSelector());
        ports(c, f + ".ports", e.ports(), protocol);
        ports(c, f + ".notPorts", e.notPorts(), protocol);
    }

    private static void nets(Check c, String f, List<String> nets) {
        if (nets != null) {
            for (int i = 0; i < nets.size(); i++) {
                c.cidr(f + "[" + i + "]", nets.get(i));
            }
        }
    }

    private static void ports(Check c, String f, List<String> ports, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return;
        }
        if (protocol == null || !Set.of("TCP", "UDP", "SCTP", "UDPLite").contains(protocol)) {
            c.fail(f, "ports need protocol TCP, UDP, SCTP or UDPLite");
        }
        for (int i = 0; i < ports.size(); i++) {
            String p = ports.get(i);
            if (!p.matches("\\d{1,5}(:\\d{1,5})?")) {
                c.fail(f + "[" + i + "]", "'" + p + "' is not a port or port range (from:to)");
                continue;
            }
            String[] ab = p.split(":");
            int a = Integer.parseInt(ab[0]);
            int b = ab.length > 1 ? Integer.parseInt(ab[1]) : a;
            if (a > 65535 || b > 65535 || a > b) {
                c.fail(f + "[" + i + "]", "'" + p + "' is out of range 0..65535 or reversed");
            }
        }
    }

    private static void selector(Check c, String field, String s) {
        if (s != null) {
            try {
                Selector.parse(s);
            } catch (IllegalArgumentException e) {
                c.fail(field, e.getMessage());
            }
        }
    }

    @Override
    public NetworkPolicy withMetadata(ObjectMeta m) {
        return new NetworkPolicy(m, spec);
    }
}
