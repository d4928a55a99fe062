package io.muslin.policy.model;

import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes NetworkPolicy semantics as a pure function: may this flow start? A flow needs the
 * source pod's egress and the destination pod's ingress to allow it; a pod not selected by any
 * policy of a direction is not isolated in that direction. Connections from a pod's own node are
 * always allowed into it. The rendered iptables rules implement the same function; this one is
 * what tests and the conntrack tightener ask.
 */
public final class PolicyEvaluator {

    private final PolicySnapshot snapshot;
    private final Set<IpAddress> nodeAddresses;
    private final Map<IpAddress, Endpoint> byIp = new HashMap<>();
    private final Map<String, Map<String, String>> namespaceLabels;

    /**
     * @param nodeAddresses this node's own addresses, whose connections into local pods are exempt
     *                      from ingress isolation
     */
    public PolicyEvaluator(PolicySnapshot snapshot, Set<IpAddress> nodeAddresses) {
        this.snapshot = snapshot;
        this.nodeAddresses = Set.copyOf(nodeAddresses);
        this.namespaceLabels = snapshot.namespaceLabelIndex();
        for (Endpoint e : snapshot.endpoints()) {
            byIp.putIfAbsent(e.ip(), e);
        }
    }

    public PolicyEvaluator(PolicySnapshot snapshot) {
        this(snapshot, Set.of());
    }

    /** Cluster-wide answer: both ends' policies count, wherever the pods run. */
    public Verdict evaluate(Flow flow) {
        return evaluate(flow, false);
    }

    /**
     * The answer this node enforces: only the isolation of pods on this node (those with a host
     * interface) counts; the other end's node enforces the rest.
     */
    public Verdict evaluateOnNode(Flow flow) {
        return evaluate(flow, true);
    }

    private Verdict evaluate(Flow flow, boolean localOnly) {
        Endpoint src = byIp.get(flow.source());
        Endpoint dst = byIp.get(flow.destination());
        String egressReason = "source not isolated for egress";
        if (src != null && (!localOnly || src.isLocal())) {
            Verdict egress = direction(PolicyType.EGRESS, src, dst, flow);
            if (!egress.allowed()) {
                return egress;
            }
            egressReason = egress.reason();
        }
        if (dst != null && (!localOnly || dst.isLocal())) {
            if (nodeAddresses.contains(flow.source())) {
                return Verdict.allow(egressReason + "; from the pod's own node");
            }
            Verdict ingress = direction(PolicyType.INGRESS, dst, src, flow);
            return ingress.allowed() ? Verdict.allow(egressReason + "; " + ingress.reason()) : ingress;
        }
        return Verdict.allow(egressReason + "; destination not isolated for ingress");
    }

    /** Policies that select {@code e} and isolate it in {@code type}, in (namespace, name) order. */
    public List<NetworkPolicy> selecting(Endpoint e, PolicyType type) {
        List<NetworkPolicy> result = new ArrayList<>();
        for (NetworkPolicy p : snapshot.policies()) {
            if (p.isolates(type) && p.selects(e)) {
                result.add(p);
            }
        }
        return result;
    }

    /**
     * @param subject the selected pod whose direction is checked
     * @param other   the pod at the other end, or null when that end is not a known pod
     */
    private Verdict direction(PolicyType type, Endpoint subject, Endpoint other, Flow flow) {
        List<NetworkPolicy> policies = selecting(subject, type);
        String dir = type == PolicyType.INGRESS ? "ingress" : "egress";
        if (policies.isEmpty()) {
            return Verdict.allow(subject.key() + " not isolated for " + dir);
        }
        IpAddress otherIp = type == PolicyType.INGRESS ? flow.source() : flow.destination();
        Endpoint destination = type == PolicyType.INGRESS ? subject : other;
        for (NetworkPolicy p : policies) {
            List<PolicyRule> rules = p.rules(type);
            for (int i = 0; i < rules.size(); i++) {
                PolicyRule r = rules.get(i);
                if (peerMatches(p, r, other, otherIp) && portMatches(r, flow, destination)) {
                    return Verdict.allow(dir + " of " + subject.key() + " allowed by " + p.key() + " " + dir + "[" + i + "]");
                }
            }
        }
        return Verdict.deny(subject.key() + " is isolated for " + dir + " and no rule of "
                + policies.stream().map(NetworkPolicy::key).toList() + " matches");
    }

    private boolean peerMatches(NetworkPolicy p, PolicyRule r, Endpoint other, IpAddress otherIp) {
        if (r.peers().isEmpty()) {
            return true;
        }
        for (Peer peer : r.peers()) {
            switch (peer) {
                case Peer.IpBlock block -> {
                    if (block.contains(otherIp)) {
                        return true;
                    }
                }
                case Peer.Pods pods -> {
                    if (other != null && podsMatch(p.namespace(), pods, other)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@code e} is one of the pods that {@code pods}, written in {@code policyNamespace}, means. */
    public boolean podsMatch(String policyNamespace, Peer.Pods pods, Endpoint e) {
        return podsMatch(policyNamespace, pods, e, namespaceLabels);
    }

    static boolean podsMatch(String policyNamespace, Peer.Pods pods, Endpoint e,
                             Map<String, Map<String, String>> namespaceLabels) {
        if (pods.namespaceSelector() == null) {
            if (!e.namespace().equals(policyNamespace)) {
                return false;
            }
        } else {
            Map<String, String> nsLabels = namespaceLabels.getOrDefault(e.namespace(),
                    Map.of(Namespace.NAME_LABEL, e.namespace()));
            if (!pods.namespaceSelector().matches(nsLabels)) {
                return false;
            }
        }
        return pods.podSelector() == null || pods.podSelector().matches(e.labels());
    }

    private static boolean portMatches(PolicyRule r, Flow flow, Endpoint destination) {
        if (r.ports().isEmpty()) {
            return true;
        }
        for (PolicyPort port : r.ports()) {
            if (port.protocol().number() != flow.protocol()) {
                continue;
            }
            if (port.isNamed()) {
                if (destination != null && destination.resolve(port.name(), port.protocol()) == flow.destinationPort()) {
                    return true;
                }
            } else if (port.number() == 0
                    || (flow.destinationPort() >= port.number() && flow.destinationPort() <= port.last())) {
                return true;
            }
        }
        return false;
    }
}
