package io.muslin.policy;

import io.muslin.net.IpAddress;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.NamedPort;
import io.muslin.policy.model.Namespace;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.Protocol;
import io.muslin.policy.render.HostProtection;
import java.util.List;
import java.util.Map;

/**
 * The small cluster most tests use: pods a and c in namespace frontend, b in backend (with the
 * named port http = tcp/8080), d in other, all on this node behind veths mp-a..mp-d; pod r in
 * backend lives on another node.
 */
public final class Fixtures {

    public static final String A = "10.65.0.10";
    public static final String B = "10.65.0.11";
    public static final String C = "10.65.0.12";
    public static final String D = "10.65.0.13";
    public static final String R = "10.65.1.20";
    public static final String NODE = "10.64.0.1";

    /** Host protection for a node 10.64.0.1 with one other node, one BGP peer and one etcd. */
    public static final HostProtection HOST = new HostProtection(
            List.of(IpAddress.parse("10.64.0.1"), IpAddress.parse("10.64.0.2")), List.of(IpAddress.parse("10.64.9.1")),
            List.of(new HostProtection.EtcdEndpoint(IpAddress.parse("10.64.0.10"), 2379)), true, true, 4789, true);

    private Fixtures() {
    }

    public static List<Namespace> namespaces() {
        return List.of(Namespace.of("frontend", "project", "frontend"),
                Namespace.of("backend", "project", "backend"),
                Namespace.of("other", "project", "other"));
    }

    public static List<Endpoint> endpoints() {
        return List.of(
                Endpoint.local("frontend", "a", A, "mp-a", Map.of("app", "a", "role", "frontend")),
                Endpoint.local("backend", "b", B, "mp-b", Map.of("app", "b", "role", "db"))
                        .withPorts(new NamedPort("http", Protocol.TCP, 8080), new NamedPort("dns", Protocol.UDP, 5353)),
                Endpoint.local("frontend", "c", C, "mp-c", Map.of("app", "c")),
                Endpoint.local("other", "d", D, "mp-d", Map.of("app", "d", "role", "frontend")),
                Endpoint.remote("backend", "r", R, Map.of("app", "r")));
    }

    public static PolicySnapshot snapshot(NetworkPolicy... policies) {
        return new PolicySnapshot(namespaces(), endpoints(), List.of(policies));
    }
}
