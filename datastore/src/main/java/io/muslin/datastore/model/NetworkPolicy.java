package io.muslin.datastore.model;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpPrefix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes NetworkPolicy ({@code networking.k8s.io/v1}), stored as users write it and as the
 * Kubernetes sync mirrors it, and exactly what the policy module enforces: pods chosen by
 * {@code podSelector} in the policy's namespace become isolated in each direction of
 * {@code policyTypes}, and then accept (send) only what some rule allows. A missing
 * {@code podSelector} is {@code {}} (every pod of the namespace), as in Kubernetes; missing
 * {@code policyTypes} default as the API server defaults them (Ingress, plus Egress when there are
 * egress rules); a rule without peers matches every peer, a rule without ports every port.
 */
public record NetworkPolicy(ObjectMeta metadata, Spec spec) implements Resource {
    public static final String API_VERSION = "networking.k8s.io/v1";
    public static final Set<String> POLICY_TYPES = Set.of("Ingress", "Egress");
    public static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    /** NetworkPolicySpec. */
    public record Spec(LabelSelector podSelector, List<String> policyTypes, List<IngressRule> ingress,
                       List<EgressRule> egress) {
        public Spec {
            policyTypes = policyTypes == null ? null : List.copyOf(policyTypes);
            ingress = ingress == null ? null : List.copyOf(ingress);
            egress = egress == null ? null : List.copyOf(egress);
        }

        public LabelSelector podSelectorOrAll() {
            return podSelector == null ? LabelSelector.ALL : podSelector;
        }

        public List<IngressRule> ingressOrEmpty() {
            return ingress == null ? List.of() : ingress;
        }

        public List<EgressRule> egressOrEmpty() {
            return egress == null ? List.of() : egress;
        }

        /** {@code policyTypes}, or their API-server default: Ingress, plus Egress when there are egress rules. */
        public List<String> effectivePolicyTypes() {
            if (policyTypes != null && !policyTypes.isEmpty()) {
                return policyTypes;
            }
            return egressOrEmpty().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
        }
    }

    /** NetworkPolicyIngressRule: traffic from any of {@code from} (all when empty) to any of {@code ports}. */
    public record IngressRule(List<Port> ports, List<Peer> from) {
        public IngressRule {
            ports = ports == null ? null : List.copyOf(ports);
            from = from == null ? null : List.copyOf(from);
        }

        public List<Port> portsOrEmpty() {
            return ports == null ? List.of() : ports;
        }

        public List<Peer> fromOrEmpty() {
            return from == null ? List.of() : from;
        }
    }

    /** NetworkPolicyEgressRule: traffic to any of {@code to} (all when empty) on any of {@code ports}. */
    public record EgressRule(List<Port> ports, List<Peer> to) {
        public EgressRule {
            ports = ports == null ? null : List.copyOf(ports);
            to = to == null ? null : List.copyOf(to);
        }

        public List<Port> portsOrEmpty() {
            return ports == null ? List.of() : ports;
        }

        public List<Peer> toOrEmpty() {
            return to == null ? List.of() : to;
        }
    }

    /**
     * NetworkPolicyPeer: pods ({@code podSelector} in the policy's namespace, {@code namespaceSelector}
     * for every pod of the matching namespaces, both for the matching pods of those) or an
     * {@code ipBlock}, never both.
     */
    public record Peer(LabelSelector podSelector, LabelSelector namespaceSelector, IPBlock ipBlock) {
        public static Peer pods(LabelSelector podSelector) {
            return new Peer(podSelector, null, null);
        }

        public static Peer namespaces(LabelSelector namespaceSelector) {
            return new Peer(null, namespaceSelector, null);
        }

        public static Peer ipBlock(String cidr, String... except) {
            return new Peer(null, null, new IPBlock(cidr, except.length == 0 ? null : List.of(except)));
        }
    }

    /**
     * IPBlock: a CIDR with holes, each {@code except} strictly inside {@code cidr}. As the API server
     * does, host bits are accepted and mean the network ({@code 10.0.0.1/24} is {@code 10.0.0.0/24}).
     */
    public record IPBlock(String cidr, List<String> except) {
        public IPBlock {
            except = except == null ? null : List.copyOf(except);
        }

        /** The network (valid blocks only). */
        public IpPrefix prefix() {
            return InterfaceAddress.parse(cidr).subnet();
        }

        /** The holes (valid blocks only). */
        public List<IpPrefix> exceptPrefixes() {
            return except == null ? List.of() : except.stream().map(e -> InterfaceAddress.parse(e).subnet()).toList();
        }
    }

    /**
     * NetworkPolicyPort: {@code protocol} TCP (the default), UDP or SCTP; {@code port} a number or a
     * named container port, absent for every port; {@code endPort} the last port of a range.
     */
    public record Port(String protocol, IntOrString port, Integer endPort) {
        public static Port tcp(int port) {
            return new Port("TCP", IntOrString.of(port), null);
        }

        public String protocolOrDefault() {
            return protocol == null ? "TCP" : protocol;
        }
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, true);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        if (spec.podSelector() != null) {
            spec.podSelector().check(c, "spec.podSelector");
        }
        if (spec.policyTypes() != null) {
            if (spec.policyTypes().size() > 2) {
                c.fail("spec.policyTypes", "has " + spec.policyTypes().size() + " entries; at most Ingress and Egress");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < spec.policyTypes().size(); i++) {
                String t = spec.policyTypes().get(i);
                c.oneOf("spec.policyTypes[" + i + "]", t, POLICY_TYPES);
                if (t != null && !seen.add(t)) {
                    c.fail("spec.policyTypes[" + i + "]", "'" + t + "' is listed twice");
                }
            }
        }
        for (int i = 0; i < spec.ingressOrEmpty().size(); i++) {
            IngressRule r = spec.ingressOrEmpty().get(i);
            ports(c, "spec.ingress[" + i + "].ports", r.portsOrEmpty());
            peers(c, "spec.ingress[" + i + "].from", r.fromOrEmpty());
        }
        for (int i = 0; i < spec.egressOrEmpty().size(); i++) {
            EgressRule r = spec.egressOrEmpty().get(i);
            ports(c, "spec.egress[" + i + "].ports", r.portsOrEmpty());
            peers(c, "spec.egress[" + i + "].to", r.toOrEmpty());
        }
        return c.errors();
    }

    private static void peers(Check c, String field, List<Peer> peers) {
        for (int i = 0; i < peers.size(); i++) {
            Peer p = peers.get(i);
            String f = field + "[" + i + "]";
            if (p.ipBlock() != null && (p.podSelector() != null || p.namespaceSelector() != null)) {
                c.fail(f, "ipBlock cannot be combined with podSelector or namespaceSelector");
            }
            if (p.ipBlock() == null && p.podSelector() == null && p.namespaceSelector() == null) {
                c.fail(f, "needs a podSelector, a namespaceSelector or an ipBlock");
            }
            if (p.podSelector() != null) {
                p.podSelector().check(c, f + ".podSelector");
            }
            if (p.namespaceSelector() != null) {
                p.namespaceSelector().check(c, f + ".namespaceSelector");
            }
            if (p.ipBlock() != null) {
                ipBlock(c, f + ".ipBlock", p.ipBlock());
            }
        }
    }

    private static void ipBlock(Check c, String f, IPBlock b) {
        InterfaceAddress cidr = c.interfaceAddress(f + ".cidr", b.cidr());
        if (b.cidr() == null) {
            c.fail(f + ".cidr", "is required");
        }
        List<String> except = b.except() == null ? List.of() : b.except();
        for (int i = 0; i < except.size(); i++) {
            InterfaceAddress e = c.interfaceAddress(f + ".except[" + i + "]", except.get(i));
            if (except.get(i) == null) {
                c.fail(f + ".except[" + i + "]", "is required");
            }
            if (cidr != null && e != null && (!cidr.subnet().contains(e.subnet()) || e.length() <= cidr.length())) {
                c.fail(f + ".except[" + i + "]", e.subnet() + " is not strictly inside " + cidr.subnet());
            }
        }
    }

    private static void ports(Check c, String field, List<Port> ports) {
        for (int i = 0; i < ports.size(); i++) {
            Port p = ports.get(i);
            String f = field + "[" + i + "]";
            c.oneOf(f + ".protocol", p.protocol(), PROTOCOLS);
            if (p.port() != null) {
                if (p.port().isNumber()) {
                    c.range(f + ".port", p.port().number(), 1, 65535);
                } else {
                    c.portName(f + ".port", p.port().name());
                }
            }
            if (p.endPort() != null) {
                if (p.port() == null || !p.port().isNumber()) {
                    c.fail(f + ".endPort", "needs a numeric port");
                } else if (p.endPort() < p.port().number() || p.endPort() > 65535) {
                    c.fail(f + ".endPort", p.endPort() + " must be between port " + p.port().number() + " and 65535");
                }
            }
        }
    }

    @Override
    public NetworkPolicy withMetadata(ObjectMeta m) {
        return new NetworkPolicy(m, spec);
    }
}
