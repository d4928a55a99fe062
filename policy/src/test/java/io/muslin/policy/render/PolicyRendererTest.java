package io.muslin.policy.render;

import static io.muslin.policy.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.policy.Fixtures;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.LabelSelector;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyPort;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.PolicyType;
import io.muslin.policy.model.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRendererTest {

    static final HostProtection HOST = Fixtures.HOST;

    /** Policies covering every peer and port form; used by the golden test. */
    static PolicySnapshot sample() {
        return snapshot(
                NetworkPolicy.ingress("backend", "default-deny-ingress", LabelSelector.ALL),
                NetworkPolicy.ingress("backend", "allow-frontend", LabelSelector.labels("app", "b"),
                        PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "frontend")),
                                        new Peer.Pods(LabelSelector.labels("role", "frontend"), LabelSelector.labels("project", "other")))
                                .onPorts(PolicyPort.of(Protocol.TCP, 80), PolicyPort.named(Protocol.TCP, "http")),
                        PolicyRule.from(Peer.ipBlock("10.65.0.0/16", "10.65.0.12/32", "10.65.1.0/24"))
                                .onPorts(PolicyPort.range(Protocol.UDP, 32000, 32768), PolicyPort.any(Protocol.SCTP))),
                NetworkPolicy.egress("frontend", "a-not-to-b", LabelSelector.labels("app", "a"),
                        PolicyRule.from(Peer.ipBlock("0.0.0.0/0", Fixtures.B + "/32"))));
    }

    @Test
    void goldenText() throws IOException {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults().withHostProtection(HOST)).render(sample());
        String actual = "# iptables-restore\n" + r.iptablesRestoreText("muslin:") + "# ipset restore\n" + r.ipsetRestoreText();
        Path golden = Path.of("src/test/resources/golden/render-sample.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void everyChainThatDecidesStartsWithConntrack() {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults().withHostProtection(HOST)).render(sample());
        int deciding = 0;
        for (Chain c : r.chains().values()) {
            boolean decides = c.rules().stream().anyMatch(x -> x.body().endsWith("-j ACCEPT") || x.body().endsWith("-j DROP"));
            if (decides) {
                deciding++;
                assertThat(c.rules().get(0).body()).as(c.name())
                        .isEqualTo("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
                assertThat(c.rules().get(1).body()).as(c.name()).isEqualTo("-m conntrack --ctstate INVALID -j DROP");
            } else {
                assertThat(c.name()).matches("MUSLIN-(p[io]-[0-9a-f]{16}|(from|to)-wl-dispatch)");
            }
        }
        assertThat(deciding).as("FORWARD, INPUT, OUTPUT and 2 per local pod").isEqualTo(3 + 2 * 4);
    }

    @Test
    void namesFitTheKernelsLimits() {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults().withHostProtection(HOST)).render(sample());
        assertThat(r.chains().keySet()).allMatch(n -> n.length() <= 28 && n.startsWith("MUSLIN-"));
        assertThat(r.ipsets().keySet()).allMatch(n -> n.length() <= 31 && n.startsWith("muslin-"));
        // Every chain and ipset a rule refers to is part of the ruleset (or a built-in target).
        for (Chain c : r.chains().values()) {
            for (Rule rule : c.rules()) {
                String t = rule.target();
                assertThat(t == null || List.of("ACCEPT", "DROP", "RETURN", "MARK").contains(t) || r.chains().containsKey(t))
                        .as(rule.body()).isTrue();
                assertThat(r.ipsets().keySet()).as(rule.body()).containsAll(rule.ipsets());
            }
        }
    }

    @Test
    void podToNodeTrafficGoesBackToTheNodesRulesUnlessConfiguredOtherwise() {
        String last = "MUSLIN-INPUT";
        assertThat(new PolicyRenderer(RenderConfig.defaults()).render(snapshot()).chains().get(last).rules().getLast().body())
                .isEqualTo("-j MUSLIN-from-wl-dispatch");
        assertThat(new PolicyRenderer(RenderConfig.defaults().withEndpointToHost(RenderConfig.EndpointToHost.ACCEPT))
                .render(snapshot()).chains().get(last).rules().getLast().body())
                .startsWith("-m mark --mark 0x100000/0x100000").endsWith("-j ACCEPT");
        assertThat(new PolicyRenderer(RenderConfig.defaults().withEndpointToHost(RenderConfig.EndpointToHost.DROP))
                .render(snapshot()).chains().get(last).rules().getLast().body())
                .startsWith("-m mark --mark 0x100000/0x100000").endsWith("-j DROP");
    }

    @Test
    void hooksJumpToOurTopChains() {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults()).render(snapshot());
        assertThat(r.hooks()).extracting(h -> h.builtinChain() + " " + h.rule().body())
                .containsExactly("INPUT -j MUSLIN-INPUT", "FORWARD -j MUSLIN-FORWARD", "OUTPUT -j MUSLIN-OUTPUT");
        assertThat(r.ipsets()).as("no policy, no host protection: no sets").isEmpty();
    }

    @Test
    void selectorSetsHoldEveryMatchingPodInTheCluster() {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults()).render(snapshot(
                NetworkPolicy.ingress("frontend", "p", LabelSelector.labels("app", "a"),
                        PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "backend"))))));
        assertThat(r.ipsets().values()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IpSetType.HASH_IP);
            assertThat(s.members()).containsExactly(Fixtures.B, Fixtures.R);
        });
    }

    @Test
    void onlyPoliciesSelectingALocalPodAreRendered() {
        Ruleset r = new PolicyRenderer(RenderConfig.defaults()).render(snapshot(
                NetworkPolicy.ingress("backend", "only-r", LabelSelector.labels("app", "r"))));
        assertThat(r.chains().keySet()).noneMatch(n -> n.startsWith("MUSLIN-pi-"));
    }

    @Test
    void aChangedPolicyChangesOnlyItsOwnChain() {
        PolicyRenderer renderer = new PolicyRenderer(RenderConfig.defaults());
        NetworkPolicy one = NetworkPolicy.ingress("backend", "one", LabelSelector.ALL, PolicyRule.from(Peer.ipBlock("10.0.0.0/8")));
        NetworkPolicy two = NetworkPolicy.ingress("backend", "two", LabelSelector.ALL,
                PolicyRule.allowAll().onPorts(PolicyPort.of(Protocol.TCP, 80)));
        NetworkPolicy twoChanged = NetworkPolicy.ingress("backend", "two", LabelSelector.ALL,
                PolicyRule.allowAll().onPorts(PolicyPort.of(Protocol.TCP, 81)));
        Ruleset before = renderer.render(snapshot(one, two));
        Ruleset after = renderer.render(snapshot(one, twoChanged));
        List<String> changed = new ArrayList<>();
        after.chains().forEach((name, chain) -> {
            if (!chain.equals(before.chains().get(name))) {
                changed.add(name);
            }
        });
        assertThat(changed).containsExactly(new ChainNames(RenderConfig.defaults()).policy(twoChanged, PolicyType.INGRESS));
    }

    @Test
    void renderingIsDeterministicAndMemoizationInvisible() {
        PolicySnapshot s = sample();
        PolicyRenderer warm = new PolicyRenderer(RenderConfig.defaults());
        warm.render(s);
        Ruleset again = warm.render(s);
        Ruleset fresh = new PolicyRenderer(RenderConfig.defaults()).render(
                new PolicySnapshot(s.namespaces().reversed(), s.endpoints().reversed(), s.policies().reversed()));
        assertThat(again.iptablesRestoreText("x:")).isEqualTo(fresh.iptablesRestoreText("x:"));
        assertThat(again.ipsetRestoreText()).isEqualTo(fresh.ipsetRestoreText());
    }

    @Test
    void twoPodsOnOneInterfaceAreRefused() {
        PolicySnapshot s = new PolicySnapshot(List.of(), List.of(
                Endpoint.local("x", "one", "10.0.0.1", "veth0", Map.of()),
                Endpoint.local("x", "two", "10.0.0.2", "veth0", Map.of())), List.of());
        assertThatThrownBy(() -> new PolicyRenderer(RenderConfig.defaults()).render(s))
                .hasMessageContaining("veth0 belongs to both x/one and x/two");
    }

    @Test
    void ruleHashesChainSoTheLastOneCoversTheChain() {
        Chain a = new Chain("MUSLIN-x", List.of(new Rule("-j ACCEPT"), new Rule("-j DROP")));
        Chain b = new Chain("MUSLIN-x", List.of(new Rule("-j RETURN"), new Rule("-j DROP")));
        Chain c = new Chain("MUSLIN-y", List.of(new Rule("-j ACCEPT"), new Rule("-j DROP")));
        assertThat(a.hashes().get(1)).isNotEqualTo(b.hashes().get(1)).isNotEqualTo(c.hashes().get(1));
        assertThat(a.hashes()).allMatch(h -> h.matches("[A-Za-z0-9_-]{16}"));
        assertThat(Set.copyOf(a.hashes())).hasSize(2);
    }

    @Test
    void commentsAreSanitised() {
        assertThat(Rule.comment("policy ns/a\"b;$(rm)")).isEqualTo("-m comment --comment \"policy ns/a_b__(rm)\"");
    }
}
