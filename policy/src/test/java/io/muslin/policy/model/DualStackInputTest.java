package io.muslin.policy.model;

import static io.muslin.policy.Fixtures.A;
import static io.muslin.policy.Fixtures.B;
import static io.muslin.policy.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import io.muslin.policy.render.Chain;
import io.muslin.policy.render.HostProtection;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a dual-stack cluster hands an IPv4 dataplane: IPv6 ipBlocks (allowed by Kubernetes) match
 * no IPv4 packet, in the evaluator and in the rendered rules alike; IPv6 endpoints and host
 * addresses are refused with the reason. And the Kubernetes spellings the agent copies over.
 */
class DualStackInputTest {

    private static List<String> policyRules(Ruleset r, String policyName) {
        return r.chains().values().stream().filter(c -> c.name().startsWith("MUSLIN-pi-"))
                .filter(c -> c.rules().stream().noneMatch(x -> x.body().contains("not isolated")))
                .flatMap(c -> c.rules().stream()).map(x -> x.body()).toList();
    }

    @Test
    void anIpv6OnlyRuleAllowsNothingHereAndAMixedRuleOnlyItsIpv4Part() {
        NetworkPolicy onlyV6 = NetworkPolicy.ingress("backend", "v6-only", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.ipBlock("fd00::/8")));
        PolicySnapshot s6 = snapshot(onlyV6);
        assertThat(new PolicyEvaluator(s6).evaluate(Flow.tcp(A, B, 80)).allowed()).isFalse();
        Ruleset r6 = new PolicyRenderer(RenderConfig.defaults()).render(s6);
        List<Chain> chains6 = r6.chains().values().stream().filter(c -> c.name().startsWith("MUSLIN-pi-")).toList();
        assertThat(chains6).singleElement().satisfies(c -> assertThat(c.rules()).as("no rule: b stays isolated").isEmpty());

        NetworkPolicy mixed = NetworkPolicy.ingress("backend", "mixed", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.ipBlock("fd00::/8"), Peer.ipBlock("10.65.0.10/32")));
        PolicySnapshot sm = snapshot(mixed);
        assertThat(new PolicyEvaluator(sm).evaluate(Flow.tcp(A, B, 80)).allowed()).isTrue();
        Ruleset rm = new PolicyRenderer(RenderConfig.defaults()).render(sm);
        assertThat(policyRules(rm, "mixed")).singleElement().asString().startsWith("-s 10.65.0.10/32 ").doesNotContain("fd00");
    }

    @Test
    void ipv6EndpointsAndHostAddressesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Endpoint.remote("shop", "web", "fd00::5", Map.of()))
                .hasMessage("pod shop/web: fd00::5 is IPv6; policy endpoints are IPv4 (the dataplane writes iptables, not ip6tables)");
        assertThatThrownBy(() -> new HostProtection(List.of(IpAddress.parse("fd00::1")), List.of(), List.of(), false, false,
                4789, false)).hasMessageContaining("nodes: fd00::1 is IPv6");
        assertThatThrownBy(() -> new HostProtection.EtcdEndpoint(IpAddress.parse("10.0.0.1"), 0)).hasMessageContaining("port 0");
    }

    @Test
    void kubernetesSpellings() {
        assertThat(Protocol.of(null)).as("Kubernetes' default").isEqualTo(Protocol.TCP);
        assertThat(Protocol.of("SCTP")).isEqualTo(Protocol.SCTP);
        assertThatThrownBy(() -> Protocol.of("tcp")).hasMessageContaining("unknown protocol 'tcp'");
        assertThat(PolicyType.of("Egress")).isEqualTo(PolicyType.EGRESS);
        assertThatThrownBy(() -> PolicyType.of("Both")).hasMessageContaining("unknown policy type 'Both'");
        assertThat(LabelSelector.Operator.of("DoesNotExist")).isEqualTo(LabelSelector.Operator.DOES_NOT_EXIST);
        assertThat(LabelSelector.Operator.NOT_IN.kubernetesName()).isEqualTo("NotIn");
        assertThatThrownBy(() -> LabelSelector.Operator.of("Like")).hasMessageContaining("'Like'");
        assertThat(new LabelSelector(null, null)).as("absent fields are none").isEqualTo(LabelSelector.ALL);
        assertThat(new LabelSelector.Requirement("k", LabelSelector.Operator.EXISTS, null).values()).isEmpty();
    }
}
