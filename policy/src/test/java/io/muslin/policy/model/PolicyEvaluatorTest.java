package io.muslin.policy.model;

import static io.muslin.policy.Fixtures.A;
import static io.muslin.policy.Fixtures.B;
import static io.muslin.policy.Fixtures.C;
import static io.muslin.policy.Fixtures.D;
import static io.muslin.policy.Fixtures.NODE;
import static io.muslin.policy.Fixtures.R;
import static io.muslin.policy.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.policy.model.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kubernetes NetworkPolicy semantics, mostly the examples of the Kubernetes documentation. */
class PolicyEvaluatorTest {

    private static boolean allowed(PolicySnapshot s, Flow f) {
        return new PolicyEvaluator(s, Set.of(IpAddress.parse(NODE))).evaluate(f).allowed();
    }

    @Test
    void withoutPoliciesEverythingIsAllowed() {
        PolicySnapshot s = snapshot();
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isTrue();
        assertThat(allowed(s, Flow.icmp(D, A))).isTrue();
    }

    @Test
    void defaultDenyIngressIsolatesEveryPodOfTheNamespace() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "default-deny-ingress", LabelSelector.ALL));
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isFalse();
        assertThat(allowed(s, Flow.udp(C, B, 53))).isFalse();
        assertThat(allowed(s, Flow.tcp(A, R, 80))).as("remote pod of backend too").isFalse();
        assertThat(allowed(s, Flow.tcp(B, A, 80))).as("egress of b is not restricted").isTrue();
        assertThat(allowed(s, Flow.tcp(A, C, 80))).as("frontend is not selected").isTrue();
        assertThat(allowed(s, Flow.tcp(NODE, B, 10250))).as("the pod's own node may always connect").isTrue();
        Verdict v = new PolicyEvaluator(s).evaluate(Flow.tcp(A, B, 80));
        assertThat(v.reason()).contains("backend/b is isolated for ingress").contains("backend/default-deny-ingress");
    }

    @Test
    void defaultDenyEgress() {
        PolicySnapshot s = snapshot(NetworkPolicy.egress("frontend", "default-deny-egress", LabelSelector.ALL));
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isFalse();
        assertThat(allowed(s, Flow.udp(C, "8.8.8.8", 53))).isFalse();
        assertThat(allowed(s, Flow.tcp(B, A, 80))).isTrue();
    }

    @Test
    void allowFromANamespace() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "allow-frontend", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "frontend")))));
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isTrue();
        assertThat(allowed(s, Flow.udp(C, B, 53))).isTrue();
        assertThat(allowed(s, Flow.tcp(D, B, 80))).isFalse();
        assertThat(allowed(s, Flow.tcp(R, B, 80))).as("same namespace, not selected by the peer").isFalse();
    }

    @Test
    void namespaceAndPodSelectorInOnePeerMeanBoth() {
        // from: [{namespaceSelector: {project: frontend}, podSelector: {role: frontend}}] — one peer, AND.
        PolicySnapshot and = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.labels("app", "b"),
                PolicyRule.from(new Peer.Pods(LabelSelector.labels("role", "frontend"), LabelSelector.labels("project", "frontend")))));
        assertThat(allowed(and, Flow.tcp(A, B, 80))).isTrue();
        assertThat(allowed(and, Flow.tcp(C, B, 80))).as("right namespace, wrong labels").isFalse();
        assertThat(allowed(and, Flow.tcp(D, B, 80))).as("right labels, wrong namespace").isFalse();
        // from: [{namespaceSelector: ...}, {podSelector: ...}] — two peers, OR; the podSelector is in backend.
        PolicySnapshot or = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "other")), Peer.pods(LabelSelector.labels("app", "r")))));
        assertThat(allowed(or, Flow.tcp(D, B, 80))).isTrue();
        assertThat(allowed(or, Flow.tcp(R, B, 80))).isTrue();
        assertThat(allowed(or, Flow.tcp(A, B, 80))).isFalse();
    }

    @Test
    void namespacesCanBeSelectedByName() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.ALL,
                PolicyRule.from(Peer.namespaces(LabelSelector.ALL.and(Requirement.in(Namespace.NAME_LABEL, "other"))))));
        assertThat(allowed(s, Flow.tcp(D, B, 80))).isTrue();
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isFalse();
    }

    @Test
    void ipBlockWithExcept() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.ipBlock("10.65.0.0/24", C + "/32"))));
        assertThat(allowed(s, Flow.tcp(A, B, 80))).isTrue();
        assertThat(allowed(s, Flow.tcp(D, B, 80))).isTrue();
        assertThat(allowed(s, Flow.tcp(C, B, 80))).as("in except").isFalse();
        assertThat(allowed(s, Flow.tcp(R, B, 80))).as("outside the block").isFalse();
    }

    @Test
    void portRangeWithEndPort() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.labels("app", "b"),
                PolicyRule.allowAll().onPorts(PolicyPort.range(Protocol.TCP, 32000, 32768))));
        assertThat(allowed(s, Flow.tcp(A, B, 32000))).isTrue();
        assertThat(allowed(s, Flow.tcp(A, B, 32768))).isTrue();
        assertThat(allowed(s, Flow.tcp(A, B, 31999))).isFalse();
        assertThat(allowed(s, Flow.tcp(A, B, 32769))).isFalse();
        assertThat(allowed(s, Flow.udp(A, B, 32000))).as("another protocol").isFalse();
        assertThat(allowed(s, Flow.icmp(A, B))).isFalse();
    }

    @Test
    void namedPortsResolveOnTheDestinationPod() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.ALL,
                PolicyRule.allowAll().onPorts(PolicyPort.named(Protocol.TCP, "http"), PolicyPort.named(Protocol.UDP, "dns"))));
        assertThat(allowed(s, Flow.tcp(A, B, 8080))).isTrue();
        assertThat(allowed(s, Flow.udp(A, B, 5353))).isTrue();
        assertThat(allowed(s, Flow.tcp(A, B, 5353))).isFalse();
        assertThat(allowed(s, Flow.tcp(A, R, 8080))).as("r has no port named http").isFalse();
        PolicySnapshot egress = snapshot(NetworkPolicy.egress("frontend", "p", LabelSelector.labels("app", "a"),
                PolicyRule.allowAll().onPorts(PolicyPort.named(Protocol.TCP, "http"))));
        assertThat(allowed(egress, Flow.tcp(A, B, 8080))).isTrue();
        assertThat(allowed(egress, Flow.tcp(A, D, 8080))).isFalse();
    }

    @Test
    void sctpIsAProtocolLikeTheOthers() {
        PolicySnapshot s = snapshot(NetworkPolicy.ingress("backend", "p", LabelSelector.ALL,
                PolicyRule.allowAll().onPorts(PolicyPort.of(Protocol.SCTP, 9000))));
        assertThat(allowed(s, Flow.sctp(A, B, 9000))).isTrue();
        assertThat(allowed(s, Flow.tcp(A, B, 9000))).isFalse();
    }

    @Test
    void policiesAddUp() {
        PolicySnapshot s = snapshot(
                NetworkPolicy.ingress("backend", "one", LabelSelector.ALL, PolicyRule.from(Peer.ipBlock(A + "/32"))),
                NetworkPolicy.ingress("backend", "two", LabelSelector.ALL, PolicyRule.from(Peer.ipBlock(C + "/32"))));
        assertThat(allowed(s, Flow.tcp(A, B, 1))).isTrue();
        assertThat(allowed(s, Flow.tcp(C, B, 1))).isTrue();
        assertThat(allowed(s, Flow.tcp(D, B, 1))).isFalse();
    }

    @Test
    void policyTypesDefaultLikeTheApiServer() {
        NetworkPolicy onlyIngressRules = new NetworkPolicy("backend", "p", LabelSelector.ALL, Set.of(), List.of(), List.of());
        assertThat(onlyIngressRules.policyTypes()).containsExactly(PolicyType.INGRESS);
        NetworkPolicy withEgress = new NetworkPolicy("backend", "p", LabelSelector.ALL, Set.of(), List.of(),
                List.of(PolicyRule.allowAll()));
        assertThat(withEgress.policyTypes()).containsExactlyInAnyOrder(PolicyType.INGRESS, PolicyType.EGRESS);
    }

    @Test
    void bothEndsMustAgree() {
        PolicySnapshot s = snapshot(
                NetworkPolicy.egress("frontend", "a-out", LabelSelector.labels("app", "a"), PolicyRule.from(Peer.ipBlock("0.0.0.0/0"))),
                NetworkPolicy.ingress("backend", "b-in", LabelSelector.labels("app", "b")));
        assertThat(allowed(s, Flow.tcp(A, B, 80))).as("a may send, b may not receive").isFalse();
        assertThat(allowed(s, Flow.tcp(A, D, 80))).isTrue();
    }

    /** The NetworkPolicy example at the top of the Kubernetes documentation page. */
    @Test
    void theDocumentationsTestNetworkPolicy() {
        List<Namespace> ns = List.of(Namespace.of("default"), Namespace.of("myproject", "project", "myproject"));
        List<Endpoint> eps = List.of(
                Endpoint.local("default", "db", "10.65.0.50", "mp-db", Map.of("role", "db")),
                Endpoint.remote("default", "fe", "10.65.2.2", Map.of("role", "frontend")),
                Endpoint.remote("myproject", "any", "10.65.3.3", Map.of()),
                Endpoint.remote("default", "other", "10.65.4.4", Map.of()));
        NetworkPolicy p = new NetworkPolicy("default", "test-network-policy", LabelSelector.labels("role", "db"),
                Set.of(PolicyType.INGRESS, PolicyType.EGRESS),
                List.of(new PolicyRule(List.of(Peer.ipBlock("172.17.0.0/16", "172.17.1.0/24"),
                        Peer.namespaces(LabelSelector.labels("project", "myproject")),
                        Peer.pods(LabelSelector.labels("role", "frontend"))),
                        List.of(PolicyPort.of(Protocol.TCP, 6379)))),
                List.of(new PolicyRule(List.of(Peer.ipBlock("10.0.0.0/24")), List.of(PolicyPort.of(Protocol.TCP, 5978)))));
        PolicySnapshot s = new PolicySnapshot(ns, eps, List.of(p));
        assertThat(allowed(s, Flow.tcp("172.17.0.5", "10.65.0.50", 6379))).isTrue();
        assertThat(allowed(s, Flow.tcp("172.17.1.5", "10.65.0.50", 6379))).isFalse();
        assertThat(allowed(s, Flow.tcp("10.65.3.3", "10.65.0.50", 6379))).isTrue();
        assertThat(allowed(s, Flow.tcp("10.65.2.2", "10.65.0.50", 6379))).isTrue();
        assertThat(allowed(s, Flow.tcp("10.65.4.4", "10.65.0.50", 6379))).isFalse();
        assertThat(allowed(s, Flow.tcp("10.65.2.2", "10.65.0.50", 6380))).isFalse();
        assertThat(allowed(s, Flow.tcp("10.65.0.50", "10.0.0.9", 5978))).isTrue();
        assertThat(allowed(s, Flow.tcp("10.65.0.50", "10.0.0.9", 5979))).isFalse();
        assertThat(allowed(s, Flow.udp("10.65.0.50", "10.0.1.9", 53))).as("no DNS allowed by this policy").isFalse();
    }

    @Test
    void onNodeOnlyLocalPodsCount() {
        PolicySnapshot s = snapshot(NetworkPolicy.egress("backend", "r-out", LabelSelector.labels("app", "r")));
        PolicyEvaluator ev = new PolicyEvaluator(s);
        assertThat(ev.evaluate(Flow.tcp(R, A, 80)).allowed()).isFalse();
        assertThat(ev.evaluateOnNode(Flow.tcp(R, A, 80)).allowed()).as("r's node enforces r's egress").isTrue();
    }
}
