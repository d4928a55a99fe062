package io.muslin.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import io.muslin.policy.model.LabelSelector.Requirement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelector.ALL.matches(Map.of())).isTrue();
        assertThat(LabelSelector.ALL.matches(WEB)).isTrue();
    }

    @Test
    void matchLabelsNeedsEveryPair() {
        assertThat(LabelSelector.labels("app", "web").matches(WEB)).isTrue();
        assertThat(LabelSelector.labels("app", "web", "tier", "back").matches(WEB)).isFalse();
        assertThat(LabelSelector.labels("env", "prod").matches(WEB)).isFalse();
    }

    @Test
    void expressionsFollowKubernetesSemantics() {
        assertThat(LabelSelector.ALL.and(Requirement.in("app", "web", "api")).matches(WEB)).isTrue();
        assertThat(LabelSelector.ALL.and(Requirement.in("env", "prod")).matches(WEB)).isFalse();
        // NotIn matches when the key is absent, as in Kubernetes.
        assertThat(LabelSelector.ALL.and(Requirement.notIn("env", "prod")).matches(WEB)).isTrue();
        assertThat(LabelSelector.ALL.and(Requirement.notIn("app", "web")).matches(WEB)).isFalse();
        assertThat(LabelSelector.ALL.and(Requirement.exists("tier")).matches(WEB)).isTrue();
        assertThat(LabelSelector.ALL.and(Requirement.doesNotExist("tier")).matches(WEB)).isFalse();
        assertThat(LabelSelector.labels("app", "web").and(Requirement.exists("env")).matches(WEB)).isFalse();
    }

    @Test
    void badExpressionsAreRejected() {
        assertThatThrownBy(() -> Requirement.in("app")).hasMessageContaining("needs at least one value");
        assertThatThrownBy(() -> new Requirement("app", LabelSelector.Operator.EXISTS, java.util.List.of("x")))
                .hasMessageContaining("takes no values");
    }

    @Test
    void canonicalFormIgnoresOrder() {
        LabelSelector one = LabelSelector.labels("a", "1", "b", "2").and(Requirement.in("c", "y", "x")).and(Requirement.exists("d"));
        LabelSelector two = LabelSelector.labels("b", "2", "a", "1").and(Requirement.exists("d")).and(Requirement.in("c", "x", "y"));
        assertThat(one.canonical()).isEqualTo(two.canonical());
    }

    @Test
    void namespacesCarryTheirNameLabel() {
        Namespace ns = Namespace.of("backend", "project", "x");
        assertThat(ns.labels()).containsEntry(Namespace.NAME_LABEL, "backend").containsEntry("project", "x");
    }

    @Test
    void ipBlocksContainWhatTheirCidrHoldsExceptTheHoles() {
        Peer.IpBlock b = Peer.ipBlock("10.65.0.0/16", "10.65.1.0/24", "10.65.2.7/32");
        assertThat(b.contains(IpAddress.parse("10.65.0.200"))).isTrue();
        assertThat(b.contains(IpAddress.parse("10.65.1.1"))).isFalse();
        assertThat(b.contains(IpAddress.parse("10.65.2.7"))).isFalse();
        assertThat(b.contains(IpAddress.parse("10.65.2.8"))).isTrue();
        assertThat(b.contains(IpAddress.parse("10.66.0.1"))).isFalse();
        assertThat(Peer.ipBlock("0.0.0.0/0").contains(IpAddress.parse("255.255.255.255"))).isTrue();
        assertThat(Peer.ipBlock("fd00::/8").contains(IpAddress.parse("10.0.0.1"))).as("another family").isFalse();
        assertThatThrownBy(() -> Peer.ipBlock("10.65.0.77/24")).hasMessageContaining("host bits set");
        assertThatThrownBy(() -> Peer.ipBlock("10.0.0.0/8", "11.0.0.0/24")).hasMessageContaining("not inside");
        assertThatThrownBy(() -> Peer.ipBlock("10.0.0.0/8", "fd00::/64")).hasMessageContaining("not inside");
    }
}
