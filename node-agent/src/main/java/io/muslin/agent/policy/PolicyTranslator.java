package io.muslin.agent.policy;

import io.muslin.datastore.model.IntOrString;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.LabelSelector;
import io.muslin.policy.model.NamedPort;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyPort;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.PolicyType;
import io.muslin.policy.model.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where the datastore's Kubernetes-schema {@code NetworkPolicy}, {@code Namespace}
 * and {@code WorkloadEndpoint} become the policy module's model, field by field (the table is in
 * {@code docs/design/policy.md}). Pure. Endpoints of {@code nodeName} carry their host interface;
 * endpoints of other nodes are remote (no interface) but still fill the selectors' address sets.
 *
 * <p>A resource that cannot be translated (an endpoint with no IPv4 address, a value the model
 * refuses) is left out and named in {@link Translation#problems()}; the rest is translated. The
 * datastore validates every write, so this is the exception, not the rule.
 *
 * <p>Also the two small readings {@link PolicySync} takes of the same data: the Nodes' IPv4
 * addresses (the host protection's node set) and how many policies select a pod of this node.
 */
public final class PolicyTranslator {

    private final String nodeName;

    public PolicyTranslator(String nodeName) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    /** A snapshot and what had to be left out of it, each with the resource and the reason. */
    public record Translation(PolicySnapshot snapshot, List<String> problems) {
        public Translation {
            problems = List.copyOf(problems);
        }
    }

    public Translation translate(Collection<NetworkPolicy> policies, Collection<Namespace> namespaces,
                                 Collection<WorkloadEndpoint> endpoints) {
        List<String> problems = new ArrayList<>();
        List<io.muslin.policy.model.Namespace> nss = new ArrayList<>();
        for (Namespace ns : namespaces) {
            nss.add(namespace(ns));
        }
        List<Endpoint> eps = new ArrayList<>();
        for (WorkloadEndpoint w : endpoints) {
            try {
                Endpoint e = endpoint(w);
                if (e == null) {
                    problems.add("WorkloadEndpoint " + key(w.metadata()) + ": no IPv4 address (policy is IPv4 only); left out");
                } else {
                    eps.add(e);
                }
            } catch (RuntimeException ex) {
                problems.add("WorkloadEndpoint " + key(w.metadata()) + ": " + ex.getMessage() + "; left out");
            }
        }
        List<io.muslin.policy.model.NetworkPolicy> nps = new ArrayList<>();
        for (NetworkPolicy p : policies) {
            try {
                nps.add(policy(p));
            } catch (RuntimeException ex) {
                problems.add("NetworkPolicy " + key(p.metadata()) + ": " + ex.getMessage() + "; left out");
            }
        }
        return new Translation(new PolicySnapshot(nss, eps, nps), problems);
    }

    private static String key(io.muslin.datastore.model.ObjectMeta m) {
        return m == null ? "?" : m.namespace() == null ? m.name() : m.namespace() + "/" + m.name();
    }

    /** A namespace and its labels; the model adds {@code kubernetes.io/metadata.name}. */
    public static io.muslin.policy.model.Namespace namespace(Namespace ns) {
        return new io.muslin.policy.model.Namespace(ns.metadata().name(), ns.labels());
    }

    /**
     * A pod: namespace, {@code spec.pod} (else the endpoint's name), its first IPv4 address, the
     * labels in {@code metadata.labels}, the named ports, and {@code spec.interfaceName} when
     * {@code spec.node} is this node. Null when the endpoint has no IPv4 address.
     */
    public Endpoint endpoint(WorkloadEndpoint w) {
        IpAddress v4 = w.addresses().stream().filter(a -> !a.v6()).findFirst().orElse(null);
        if (v4 == null) {
            return null;
        }
        WorkloadEndpoint.Spec spec = w.spec();
        String pod = spec.pod() != null && !spec.pod().isEmpty() ? spec.pod() : w.metadata().name();
        String hostInterface = nodeName.equals(spec.node()) ? spec.interfaceName() : null;
        List<NamedPort> ports = new ArrayList<>();
        for (WorkloadEndpoint.Port p : w.ports()) {
            ports.add(new NamedPort(p.name(), Protocol.of(p.protocol()), p.port()));
        }
        return new Endpoint(w.metadata().namespace(), pod, v4, w.metadata().labelsOrEmpty(), hostInterface, ports);
    }

    /** A NetworkPolicy; empty {@code policyTypes} are defaulted the same way as {@code Spec.effectivePolicyTypes()}. */
    public static io.muslin.policy.model.NetworkPolicy policy(NetworkPolicy p) {
        NetworkPolicy.Spec spec = p.spec();
        Set<PolicyType> types = EnumSet.noneOf(PolicyType.class);
        for (String t : spec.effectivePolicyTypes()) {
            types.add(PolicyType.of(t));
        }
        List<PolicyRule> ingress = new ArrayList<>();
        for (NetworkPolicy.IngressRule r : spec.ingressOrEmpty()) {
            ingress.add(new PolicyRule(peers(r.fromOrEmpty()), ports(r.portsOrEmpty())));
        }
        List<PolicyRule> egress = new ArrayList<>();
        for (NetworkPolicy.EgressRule r : spec.egressOrEmpty()) {
            egress.add(new PolicyRule(peers(r.toOrEmpty()), ports(r.portsOrEmpty())));
        }
        return new io.muslin.policy.model.NetworkPolicy(p.metadata().namespace(), p.metadata().name(),
                selector(spec.podSelectorOrAll()), types, ingress, egress);
    }

    /** A label selector; null stays null (the field is absent). */
    public static LabelSelector selector(io.muslin.datastore.model.LabelSelector s) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Requirement> exprs = new ArrayList<>();
        for (io.muslin.datastore.model.LabelSelector.Requirement r : s.matchExpressionsOrEmpty()) {
            exprs.add(new LabelSelector.Requirement(r.key(), LabelSelector.Operator.of(r.operator()), r.valuesOrEmpty()));
        }
        return new LabelSelector(s.matchLabelsOrEmpty(), exprs);
    }

    private static List<Peer> peers(List<NetworkPolicy.Peer> peers) {
        List<Peer> out = new ArrayList<>();
        for (NetworkPolicy.Peer p : peers) {
            if (p.ipBlock() != null) {
                out.add(new Peer.IpBlock(p.ipBlock().prefix(), p.ipBlock().exceptPrefixes()));
            } else {
                out.add(new Peer.Pods(selector(p.podSelector()), selector(p.namespaceSelector())));
            }
        }
        return out;
    }

    private static List<PolicyPort> ports(List<NetworkPolicy.Port> ports) {
        List<PolicyPort> out = new ArrayList<>();
        for (NetworkPolicy.Port p : ports) {
            Protocol protocol = Protocol.of(p.protocol());
            IntOrString port = p.port();
            if (port == null) {
                out.add(PolicyPort.any(protocol));
            } else if (!port.isNumber()) {
                out.add(PolicyPort.named(protocol, port.name()));
            } else if (p.endPort() != null) {
                out.add(PolicyPort.range(protocol, port.number(), p.endPort()));
            } else {
                out.add(PolicyPort.of(protocol, port.number()));
            }
        }
        return out;
    }

    /** IPv4 addresses of every Node in the datastore (the host protection's node set). */
    static List<IpAddress> nodeAddresses(List<Node> all) {
        List<IpAddress> out = new ArrayList<>();
        for (Node n : all) {
            Optional<InterfaceAddress> a = n.ipv4Address();
            a.ifPresent(x -> out.add(x.address()));
        }
        return out;
    }

    /** Policies that select at least one pod of this node. */
    static int selectingLocal(PolicySnapshot s) {
        List<Endpoint> locals = s.endpoints().stream().filter(Endpoint::isLocal).toList();
        return (int) s.policies().stream().filter(p -> locals.stream().anyMatch(p::selects)).count();
    }
}
