package io.muslin.policy.model;

import java.util.List;

/**
 * One ingress or egress rule. A flow matches when it matches any peer (or there are no peers:
 * every address) and any port (or there are no ports: every protocol and port).
 */
public record PolicyRule(List<Peer> peers, List<PolicyPort> ports) {

    public PolicyRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    /** The rule {@code {}}: everything. */
    public static PolicyRule allowAll() {
        return new PolicyRule(List.of(), List.of());
    }

    public static PolicyRule from(Peer... peers) {
        return new PolicyRule(List.of(peers), List.of());
    }

    public PolicyRule onPorts(PolicyPort... ports) {
        return new PolicyRule(peers, List.of(ports));
    }
}
