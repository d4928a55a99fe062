package io.muslin.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.net.IpAddress;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.Flow;
import io.muslin.policy.model.NamedPort;
import io.muslin.policy.model.PolicyEvaluator;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translation checked against the Kubernetes documentation's NetworkPolicy examples
 * (kubernetes.io, "Network Policies"): each policy is the page's YAML read through the datastore's
 * decoder, translated, and asked with {@link PolicyEvaluator} about flows whose answers are the
 * ones the page states in words (the expected column is written from the documentation, not from
 * the translator).
 */
class PolicyTranslatorTest {

    static final String NODE = "node-1";

    // Pods. "db" is the only one on this node.
    static final String DB = "10.1.0.10";          // default, role=db, named port redis=6379
    static final String FRONTEND = "10.1.0.11";    // default, role=frontend
    static final String OTHER_DEFAULT = "10.1.0.12"; // default, role=other
    static final String MYPROJECT = "10.1.0.20";   // namespace myproject (project=myproject)
    static final String OTHER_NS_FRONTEND = "10.1.0.30"; // namespace other (project=other), role=frontend
    static final String ALICE_CLIENT = "10.1.0.40"; // namespace alice (user=alice), role=client
    static final String ALICE_SERVER = "10.1.0.41"; // namespace alice, role=server
    static final String BOB_CLIENT = "10.1.0.50";  // namespace bob (user=bob), role=client

    static List<Namespace> namespaces() {
        return List.of(Namespace.of("default", Map.of()), Namespace.of("myproject", Map.of("project", "myproject")),
                Namespace.of("other", Map.of("project", "other")), Namespace.of("alice", Map.of("user", "alice")),
                Namespace.of("bob", Map.of("user", "bob")));
    }

    static WorkloadEndpoint wep(String ns, String pod, String ip, String node, Map<String, String> labels,
                                List<WorkloadEndpoint.Port> ports) {
        String iface = "cali" + pod.replace("-", "");
        return new WorkloadEndpoint(ObjectMeta.namespaced(ns, node + "-k8s-" + pod + "-eth0").withLabels(labels),
                new WorkloadEndpoint.Spec("k8s", node, pod, "eth0", "c-" + pod, List.of(ip + "/32"),
                        iface.length() > 15 ? iface.substring(0, 15) : iface, null, null, ports));
    }

    static List<WorkloadEndpoint> endpoints() {
        return List.of(
                wep("default", "db", DB, NODE, Map.of("role", "db"), List.of(new WorkloadEndpoint.Port("redis", "TCP", 6379))),
                wep("default", "frontend", FRONTEND, "node-2", Map.of("role", "frontend"), List.of()),
                wep("default", "other", OTHER_DEFAULT, "node-2", Map.of("role", "other"), List.of()),
                wep("myproject", "mp", MYPROJECT, "node-2", Map.of("app", "x"), List.of()),
                wep("other", "of", OTHER_NS_FRONTEND, "node-3", Map.of("role", "frontend"), List.of()),
                wep("alice", "ac", ALICE_CLIENT, "node-3", Map.of("role", "client"), List.of()),
                wep("alice", "as", ALICE_SERVER, "node-3", Map.of("role", "server"), List.of()),
                wep("bob", "bc", BOB_CLIENT, "node-3", Map.of("role", "client"), List.of()));
    }

    static NetworkPolicy yaml(String text) {
        return (NetworkPolicy) Resources.fromYaml(text);
    }

    static PolicySnapshot translate(NetworkPolicy... policies) {
        PolicyTranslator.Translation t = new PolicyTranslator(NODE).translate(List.of(policies), namespaces(), endpoints());
        assertThat(t.problems()).isEmpty();
        return t.snapshot();
    }

    /** The page's "test-network-policy". */
    static final String TEST_NETWORK_POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: test-network-policy
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              policyTypes:
              - Ingress
              - Egress
              ingress:
              - from:
                - ipBlock:
                    cidr: 172.17.0.0/16
                    except:
                    - 172.17.1.0/24
                - namespaceSelector:
                    matchLabels:
                      project: myproject
                - podSelector:
                    matchLabels:
                      role: frontend
                ports:
                - protocol: TCP
                  port: 6379
              egress:
              - to:
                - ipBlock:
                    cidr: 10.0.0.0/24
                ports:
                - protocol: TCP
                  port: 5978
            """;

    static final String DEFAULT_DENY_INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-ingress
              namespace: default
            spec:
              podSelector: {}
              policyTypes:
              - Ingress
            """;

    static final String ALLOW_ALL_INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-all-ingress
              namespace: default
            spec:
              podSelector: {}
              ingress:
              - {}
              policyTypes:
              - Ingress
            """;

    static final String DEFAULT_DENY_EGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-egress
              namespace: default
            spec:
              podSelector: {}
              policyTypes:
              - Egress
            """;

    static final String DEFAULT_DENY_ALL = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-all
              namespace: default
            spec:
              podSelector: {}
              policyTypes:
              - Ingress
              - Egress
            """;

    /** The page's port-range example ("multi-port-egress"). */
    static final String MULTI_PORT_EGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: multi-port-egress
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              policyTypes:
                - Egress
              egress:
                - to:
                    - ipBlock:
                        cidr: 10.0.0.0/24
                  ports:
                    - protocol: TCP
                      port: 32000
                      endPort: 32768
            """;

    /** "Behavior of to and from selectors": one element with both selectors (AND). */
    static final String AND_SELECTORS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: alice-clients
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      user: alice
                  podSelector:
                    matchLabels:
                      role: client
            """;

    /** The same with two elements (OR). */
    static final String OR_SELECTORS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: alice-or-clients
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  role: db
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      user: alice
                - podSelector:
                    matchLabels:
                      role: client
            """;

    /** "Targeting a Namespace by its name": the kubernetes.io/metadata.name label, with a named port. */
    static final String BY_NAMESPACE_NAME = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: from-myproject-on-redis
              namespace: default
            spec:
              podSelector:
                matchExpressions:
                - key: role
                  operator: In
                  values: [db, cache]
              ingress:
              - from:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: myproject
                ports:
                - port: redis
            """;

    static Stream<Arguments> documentedFlows() {
        return Stream.of(
                // test-network-policy, ingress: role=db pods of default accept TCP 6379 from role=frontend pods of
                // default, from any pod of a namespace labelled project=myproject, and from 172.17.0.0/16 except
                // 172.17.1.0/24; nothing else.
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(FRONTEND, DB, 6379), true),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(MYPROJECT, DB, 6379), true),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp("172.17.0.5", DB, 6379), true),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp("172.17.2.5", DB, 6379), true),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp("172.17.1.5", DB, 6379), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp("172.18.0.1", DB, 6379), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(FRONTEND, DB, 80), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.udp(FRONTEND, DB, 6379), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(OTHER_DEFAULT, DB, 6379), false),
                // podSelector alone means the policy's own namespace: role=frontend in namespace other is not allowed.
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(OTHER_NS_FRONTEND, DB, 6379), false),
                // ... egress: role=db pods may connect to 10.0.0.0/24 on TCP 5978 only.
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(DB, "10.0.0.7", 5978), true),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(DB, "10.0.0.7", 80), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(DB, "10.0.1.7", 5978), false),
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(DB, FRONTEND, 80), false),
                // Pods the policy does not select are not isolated.
                Arguments.of(TEST_NETWORK_POLICY, Flow.tcp(OTHER_DEFAULT, FRONTEND, 80), true),
                // default-deny-ingress: every pod of default is isolated for ingress; egress untouched.
                Arguments.of(DEFAULT_DENY_INGRESS, Flow.tcp(MYPROJECT, DB, 6379), false),
                Arguments.of(DEFAULT_DENY_INGRESS, Flow.tcp(OTHER_DEFAULT, FRONTEND, 80), false),
                Arguments.of(DEFAULT_DENY_INGRESS, Flow.tcp(DB, MYPROJECT, 80), true),
                Arguments.of(DEFAULT_DENY_INGRESS, Flow.tcp(MYPROJECT, ALICE_SERVER, 80), true),
                // allow-all-ingress: everything in.
                Arguments.of(ALLOW_ALL_INGRESS, Flow.tcp(BOB_CLIENT, DB, 1), true),
                Arguments.of(ALLOW_ALL_INGRESS, Flow.udp("192.0.2.1", FRONTEND, 53), true),
                // default-deny-egress: pods of default may not open connections; ingress untouched.
                Arguments.of(DEFAULT_DENY_EGRESS, Flow.tcp(DB, MYPROJECT, 80), false),
                Arguments.of(DEFAULT_DENY_EGRESS, Flow.udp(FRONTEND, "192.0.2.1", 53), false),
                Arguments.of(DEFAULT_DENY_EGRESS, Flow.tcp(MYPROJECT, DB, 6379), true),
                // default-deny-all: both.
                Arguments.of(DEFAULT_DENY_ALL, Flow.tcp(DB, MYPROJECT, 80), false),
                Arguments.of(DEFAULT_DENY_ALL, Flow.tcp(MYPROJECT, DB, 6379), false),
                Arguments.of(DEFAULT_DENY_ALL, Flow.tcp(MYPROJECT, ALICE_SERVER, 80), true),
                // multi-port-egress: role=db to 10.0.0.0/24 on TCP 32000..32768.
                Arguments.of(MULTI_PORT_EGRESS, Flow.tcp(DB, "10.0.0.9", 32000), true),
                Arguments.of(MULTI_PORT_EGRESS, Flow.tcp(DB, "10.0.0.9", 32768), true),
                Arguments.of(MULTI_PORT_EGRESS, Flow.tcp(DB, "10.0.0.9", 32769), false),
                Arguments.of(MULTI_PORT_EGRESS, Flow.tcp(DB, "10.0.0.9", 31999), false),
                Arguments.of(MULTI_PORT_EGRESS, Flow.udp(DB, "10.0.0.9", 32001), false),
                // One element with both selectors: role=client pods in namespaces labelled user=alice only.
                Arguments.of(AND_SELECTORS, Flow.tcp(ALICE_CLIENT, DB, 6379), true),
                Arguments.of(AND_SELECTORS, Flow.tcp(ALICE_SERVER, DB, 6379), false),
                Arguments.of(AND_SELECTORS, Flow.tcp(BOB_CLIENT, DB, 6379), false),
                // Two elements: any pod in user=alice namespaces, or role=client pods in the policy's namespace.
                Arguments.of(OR_SELECTORS, Flow.tcp(ALICE_CLIENT, DB, 6379), true),
                Arguments.of(OR_SELECTORS, Flow.tcp(ALICE_SERVER, DB, 6379), true),
                Arguments.of(OR_SELECTORS, Flow.tcp(BOB_CLIENT, DB, 6379), false),
                // A namespace selected by its immutable name label; the named port resolves on the selected pod.
                Arguments.of(BY_NAMESPACE_NAME, Flow.tcp(MYPROJECT, DB, 6379), true),
                Arguments.of(BY_NAMESPACE_NAME, Flow.tcp(MYPROJECT, DB, 6380), false),
                Arguments.of(BY_NAMESPACE_NAME, Flow.tcp(FRONTEND, DB, 6379), false));
    }

    @ParameterizedTest(name = "[{index}] {1} allowed={2}")
    @MethodSource("documentedFlows")
    void theDocumentedExamplesMeanWhatThePageSays(String policyYaml, Flow flow, boolean allowed) {
        PolicySnapshot snapshot = translate(yaml(policyYaml));
        assertThat(new PolicyEvaluator(snapshot).evaluate(flow).allowed())
                .as(new PolicyEvaluator(snapshot).evaluate(flow).reason()).isEqualTo(allowed);
    }

    @Test
    void endpointsOfThisNodeCarryTheirInterfaceAndOthersAreRemote() {
        PolicySnapshot s = translate();
        Endpoint db = s.endpoints().stream().filter(e -> e.name().equals("db")).findFirst().orElseThrow();
        assertThat(db.namespace()).isEqualTo("default");
        assertThat(db.ip()).isEqualTo(IpAddress.parse(DB));
        assertThat(db.hostInterface()).isEqualTo("calidb");
        assertThat(db.labels()).isEqualTo(Map.of("role", "db"));
        assertThat(db.ports()).containsExactly(new NamedPort("redis", Protocol.TCP, 6379));
        assertThat(s.endpoints()).filteredOn(Endpoint::isLocal).containsExactly(db);
        assertThat(s.endpoints()).hasSize(8);
        assertThat(s.namespaceLabels("myproject")).containsEntry("project", "myproject")
                .containsEntry("kubernetes.io/metadata.name", "myproject");
        // Seen from node-3, db is remote and alice's pods are local.
        PolicySnapshot fromNode3 = new PolicyTranslator("node-3").translate(List.of(), namespaces(), endpoints()).snapshot();
        assertThat(fromNode3.endpoints()).filteredOn(Endpoint::isLocal).extracting(Endpoint::name)
                .containsExactlyInAnyOrder("of", "ac", "as", "bc");
    }

    @Test
    void theNodeAgentOnlyEnforcesItsOwnPodsSide() {
        // Seen from node-1, a flow between two remote pods is not this node's business, whatever the policy.
        PolicySnapshot s = translate(yaml(DEFAULT_DENY_ALL));
        assertThat(new PolicyEvaluator(s).evaluateOnNode(Flow.tcp(FRONTEND, OTHER_DEFAULT, 80)).allowed()).isTrue();
        assertThat(new PolicyEvaluator(s).evaluateOnNode(Flow.tcp(FRONTEND, DB, 80)).allowed()).isFalse();
    }

    @Test
    void anEndpointWithoutAnIpv4AddressIsLeftOutAndNamed() {
        WorkloadEndpoint v6 = new WorkloadEndpoint(ObjectMeta.namespaced("default", "node-1-k8s-v6-eth0"),
                new WorkloadEndpoint.Spec("k8s", NODE, "v6", "eth0", null, List.of("fd00::5/128"), "caliv6", null, null, null));
        WorkloadEndpoint dual = new WorkloadEndpoint(ObjectMeta.namespaced("default", "node-1-k8s-dual-eth0"),
                new WorkloadEndpoint.Spec("k8s", NODE, "dual", "eth0", null, List.of("fd00::6/128", "10.1.0.99/32"), "calidual",
                        null, null, null));
        PolicyTranslator.Translation t = new PolicyTranslator(NODE).translate(List.of(), namespaces(), List.of(v6, dual));
        assertThat(t.snapshot().endpoints()).extracting(Endpoint::name).containsExactly("dual");
        assertThat(t.snapshot().endpoints().getFirst().ip()).isEqualTo(IpAddress.parse("10.1.0.99"));
        assertThat(t.problems()).singleElement().asString().contains("default/node-1-k8s-v6-eth0").contains("no IPv4 address");
    }

    @Test
    void anIpv6IpBlockPassesThroughAndMatchesNoIpv4Address() {
        NetworkPolicy p = yaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: v6-only, namespace: default}
                spec:
                  podSelector: {matchLabels: {role: db}}
                  ingress:
                  - from:
                    - ipBlock: {cidr: "fd00::/64"}
                """);
        PolicySnapshot s = translate(p);
        assertThat(s.policies()).hasSize(1);
        assertThat(new PolicyEvaluator(s).evaluate(Flow.tcp(FRONTEND, DB, 6379)).allowed()).isFalse();
    }
}
