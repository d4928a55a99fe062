package io.muslin.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.ValidationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The translations, against hand-written expectations. */
class MirrorsTest {
    @Test
    void aPolicyKeepsItsSpecAndLosesTheServersMetadata() {
        NetworkPolicy p = Mirrors.networkPolicy(KubeObjects.policy("shop", "db", "web"));
        String yaml = Resources.toYaml(p);
        assertThat(yaml).doesNotContain("managedFields").doesNotContain("uid").doesNotContain(Mirrors.LAST_APPLIED)
                .contains("team: storage").contains("port: 5432");
        // What is stored reads back as the same policy.
        NetworkPolicy fromYaml = Resources.fromJson(Resources.toJson(p), NetworkPolicy.class);
        assertThat(fromYaml.spec()).isEqualTo(p.spec());
    }

    @Test
    void emptyRulesKeepTheirMeaning() {
        // ingress: [{}] allows everything; an absent ingress with policyTypes Ingress denies everything.
        var allowAll = new NetworkPolicyBuilder().withNewMetadata().withNamespace("a").withName("allow").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().addNewIngress().endIngress().endSpec().build();
        var denyAll = new NetworkPolicyBuilder().withNewMetadata().withNamespace("a").withName("deny").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();
        NetworkPolicy allow = Mirrors.networkPolicy(allowAll);
        NetworkPolicy deny = Mirrors.networkPolicy(denyAll);
        assertThat(allow.spec().ingressOrEmpty()).hasSize(1);
        assertThat(allow.spec().ingress().getFirst().fromOrEmpty()).isEmpty();
        assertThat(allow.spec().ingress().getFirst().portsOrEmpty()).isEmpty();
        assertThat(deny.spec().ingressOrEmpty()).isEmpty();
        assertThat(deny.spec().effectivePolicyTypes()).containsExactly("Ingress");
    }

    @Test
    void aBadPolicyIsRefusedNamingTheField() {
        var bad = KubeObjects.policy("shop", "bad", "web");
        bad.getSpec().getIngress().getFirst().getPorts().getFirst().setProtocol("ICMP");
        assertThatThrownBy(() -> Mirrors.networkPolicy(bad)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("spec.ingress[0].ports[0].protocol");
    }

    @Test
    void nodeLabelsFromKubernetesReplaceTheirPreviousCopyAndLeaveOtherLabels() {
        Node first = Mirrors.node(KubeObjects.node("w", Map.of("a", "1", "b", "2"), "10.244.0.0/24", "10.0.0.1"), Optional.empty());
        Node handEdited = first.withMetadata(first.metadata().withLabels(Map.of("a", "1", "b", "2", "mine", "x")));
        Node second = Mirrors.node(KubeObjects.node("w", Map.of("a", "9"), "10.244.0.0/24", "10.0.0.1"), Optional.of(handEdited));
        assertThat(second.metadata().labels()).isEqualTo(Map.of("a", "9", "mine", "x"));
        assertThat(second.metadata().annotations()).containsEntry(Mirrors.KUBE_LABELS, "{\"a\":\"9\"}");
        assertThat(Mirrors.sameContent(second, Mirrors.node(KubeObjects.node("w", Map.of("a", "9"), "10.244.0.0/24", "10.0.0.1"),
                Optional.of(second.withMetadata(second.metadata().withResourceVersion("17")))))).isTrue();
        assertThat(new ObjectMeta("w", null, null, null, null).labelsOrEmpty()).isEmpty();
    }
}
