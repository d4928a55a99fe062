package io.muslin.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetworkPolicy, Namespace and Secret in Kubernetes' own schema: reading what Kubernetes users write, and validation. */
class KubernetesKindsTest {

    /** The example from the Kubernetes documentation's NetworkPolicy page, verbatim. */
    static final String DOCS_EXAMPLE = """
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

    @Test
    void readsTheKubernetesDocumentationExample() {
        NetworkPolicy p = (NetworkPolicy) Resources.fromYaml(DOCS_EXAMPLE);
        assertThat(p.validate()).isEmpty();
        assertThat(p.metadata().namespace()).isEqualTo("default");
        assertThat(p.spec().podSelector().matchLabels()).isEqualTo(Map.of("role", "db"));
        assertThat(p.spec().effectivePolicyTypes()).containsExactly("Ingress", "Egress");
        NetworkPolicy.IngressRule in = p.spec().ingress().getFirst();
        assertThat(in.from()).hasSize(3);
        assertThat(in.from().get(0).ipBlock().prefix()).isEqualTo(IpPrefix.parse("172.17.0.0/16"));
        assertThat(in.from().get(0).ipBlock().exceptPrefixes()).containsExactly(IpPrefix.parse("172.17.1.0/24"));
        assertThat(in.from().get(1).namespaceSelector().matchLabels()).isEqualTo(Map.of("project", "myproject"));
        assertThat(in.from().get(2).podSelector().matchLabels()).isEqualTo(Map.of("role", "frontend"));
        assertThat(in.ports()).containsExactly(NetworkPolicy.Port.tcp(6379));
        assertThat(p.spec().egress().getFirst().ports().getFirst().port()).isEqualTo(IntOrString.of(5978));
        assertThat(Resources.fromJson(Resources.toJson(p))).isEqualTo(p);
    }

    @Test
    void defaultsAsTheApiServerDoes() {
        NetworkPolicy denyAll = (NetworkPolicy) Resources.fromYaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: shop}
                spec: {}
                """);
        assertThat(denyAll.validate()).isEmpty();
        assertThat(denyAll.spec().podSelectorOrAll()).isEqualTo(LabelSelector.ALL);
        assertThat(denyAll.spec().effectivePolicyTypes()).containsExactly("Ingress");
        NetworkPolicy egress = new NetworkPolicy(ObjectMeta.namespaced("shop", "e"), new NetworkPolicy.Spec(LabelSelector.ALL,
                null, null, List.of(new NetworkPolicy.EgressRule(null, null))));
        assertThat(egress.spec().effectivePolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(new NetworkPolicy.Port(null, null, null).protocolOrDefault()).isEqualTo("TCP");
        // The API server accepts host bits in an ipBlock and means the network.
        assertThat(NetworkPolicy.Peer.ipBlock("10.1.2.3/16").ipBlock().prefix()).isEqualTo(IpPrefix.parse("10.1.0.0/16"));
    }

    @Test
    void calicoPolicyIsNotMistakenForTheKubernetesOne() {
        assertThatThrownBy(() -> Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: p, namespace: shop}
                spec: {selector: "app == 'a'", types: [Ingress]}
                """)).hasMessage("apiVersion 'projectcalico.org/v3' does not match kind NetworkPolicy (expected networking.k8s.io/v1)");
        assertThatThrownBy(() -> Resources.fromYaml("apiVersion: v1\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/8}\n"))
                .hasMessageContaining("expected projectcalico.org/v3");
    }

    @Test
    void portIsANumberOrAName() {
        NetworkPolicy p = (NetworkPolicy) Resources.fromYaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: shop}
                spec:
                  ingress:
                  - ports: [{port: 80}, {port: http, protocol: UDP}, {port: "8080"}, {protocol: SCTP}]
                """);
        List<NetworkPolicy.Port> ports = p.spec().ingress().getFirst().ports();
        assertThat(ports.get(0).port()).isEqualTo(IntOrString.of(80));
        assertThat(ports.get(1).port()).isEqualTo(IntOrString.of("http"));
        assertThat(ports.get(2).port()).as("a quoted number is a name, as in Kubernetes").isEqualTo(IntOrString.of("8080"));
        assertThat(ports.get(3).port()).isNull();
        assertThat(p.validate()).containsExactly(new FieldError("spec.ingress[0].ports[2].port",
                "'8080' is not a port name (1..15 lower-case letters, digits and '-', with a letter, no '--', not starting or ending with '-')"));
        assertThatThrownBy(() -> Resources.fromYaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: shop}
                spec: {ingress: [{ports: [{port: [1]}]}]}
                """)).hasMessageContaining("spec.ingress[0].ports[0].port").hasMessageContaining("expected a number or a name");
    }

    @Test
    void validationNamesEveryBadField() {
        NetworkPolicy bad = new NetworkPolicy(ObjectMeta.named("no-namespace"), new NetworkPolicy.Spec(
                new LabelSelector(Map.of("app", "a b"), List.of(new LabelSelector.Requirement("tier", "In", null),
                        new LabelSelector.Requirement("x", "Exists", List.of("y")), new LabelSelector.Requirement("z", "Like", null))),
                List.of("Ingress", "Ingress", "Sideways"),
                List.of(new NetworkPolicy.IngressRule(
                        List.of(new NetworkPolicy.Port("ICMP", IntOrString.of(0), null), new NetworkPolicy.Port(null, IntOrString.of("http"), 90),
                                new NetworkPolicy.Port(null, IntOrString.of(100), 90), new NetworkPolicy.Port(null, IntOrString.of("-x"), null)),
                        List.of(new NetworkPolicy.Peer(LabelSelector.ALL, null, new NetworkPolicy.IPBlock("10.0.0.0/8", null)),
                                new NetworkPolicy.Peer(null, null, null),
                                NetworkPolicy.Peer.ipBlock("10.0.0.0/16", "10.0.0.0/16", "10.1.0.0/24", "fd00::/64", "10.0.0.0/33"),
                                NetworkPolicy.Peer.ipBlock("10.0.0.0")))),
                null));
        assertThat(bad.validate()).containsExactly(
                new FieldError("metadata.namespace", "is required"),
                new FieldError("spec.podSelector.matchLabels[app]", "label value 'a b' must be at most 63 letters, digits, '-', '_' or '.',"
                        + " starting and ending with a letter or digit"),
                new FieldError("spec.podSelector.matchExpressions[0].values", "operator In needs at least one value"),
                new FieldError("spec.podSelector.matchExpressions[1].values", "operator Exists takes no values"),
                new FieldError("spec.podSelector.matchExpressions[2].operator",
                        "unknown value 'Like' (expected one of [DoesNotExist, Exists, In, NotIn])"),
                new FieldError("spec.policyTypes", "has 3 entries; at most Ingress and Egress"),
                new FieldError("spec.policyTypes[1]", "'Ingress' is listed twice"),
                new FieldError("spec.policyTypes[2]", "unknown value 'Sideways' (expected one of [Egress, Ingress])"),
                new FieldError("spec.ingress[0].ports[0].protocol", "unknown value 'ICMP' (expected one of [SCTP, TCP, UDP])"),
                new FieldError("spec.ingress[0].ports[0].port", "0 is out of range 1..65535"),
                new FieldError("spec.ingress[0].ports[1].endPort", "needs a numeric port"),
                new FieldError("spec.ingress[0].ports[2].endPort", "90 must be between port 100 and 65535"),
                new FieldError("spec.ingress[0].ports[3].port", "'-x' is not a port name (1..15 lower-case letters, digits and '-',"
                        + " with a letter, no '--', not starting or ending with '-')"),
                new FieldError("spec.ingress[0].from[0]", "ipBlock cannot be combined with podSelector or namespaceSelector"),
                new FieldError("spec.ingress[0].from[1]", "needs a podSelector, a namespaceSelector or an ipBlock"),
                new FieldError("spec.ingress[0].from[2].ipBlock.except[0]", "10.0.0.0/16 is not strictly inside 10.0.0.0/16"),
                new FieldError("spec.ingress[0].from[2].ipBlock.except[1]", "10.1.0.0/24 is not strictly inside 10.0.0.0/16"),
                new FieldError("spec.ingress[0].from[2].ipBlock.except[2]", "fd00::/64 is not strictly inside 10.0.0.0/16"),
                new FieldError("spec.ingress[0].from[2].ipBlock.except[3]", "bad address: '10.0.0.0/33' has prefix length 33, outside 0..32"),
                new FieldError("spec.ingress[0].from[3].ipBlock.cidr", "'10.0.0.0' must be an address in CIDR form, e.g. 10.0.0.5/24"));
    }

    @Test
    void namespaceAndSecret() {
        Namespace ns = (Namespace) Resources.fromYaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n");
        assertThat(ns.validate()).isEmpty();
        assertThat(ns.labels()).isEqualTo(Map.of("team", "a"));
        assertThat(Namespace.of("a.b", Map.of()).validate())
                .containsExactly(new FieldError("metadata.name", "'a.b' is not a valid DNS label (lower-case letters, digits and '-', at most 63)"));

        Secret s = (Secret) Resources.fromYaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: bgp-passwords, namespace: kube-system}
                type: Opaque
                data: {tor-1: czNjcmV0}
                """);
        assertThat(s.validate()).isEmpty();
        assertThat(s.stringValue("tor-1")).contains("s3cret");
        assertThat(s.stringValue("tor-2")).isEmpty();
        assertThat(s.resolve(new BGPPeer.SecretKeyRef("bgp-passwords", "tor-1"))).contains("s3cret");
        assertThat(s.resolve(new BGPPeer.SecretKeyRef("other", "tor-1"))).isEmpty();
        assertThat(s.toString()).doesNotContain("czNjcmV0").contains("tor-1");
        Secret bad = new Secret(ObjectMeta.namespaced("kube-system", "x"), null, Map.of("k", "not base64!", "a/b", "AA=="));
        assertThat(bad.validate()).extracting(FieldError::field).containsExactlyInAnyOrder("data[k]", "data[a/b]");
        assertThat(new Secret(ObjectMeta.named("x"), null, null).validate()).extracting(FieldError::field)
                .containsExactly("metadata.namespace");
    }
}
