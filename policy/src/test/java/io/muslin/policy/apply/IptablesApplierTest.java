package io.muslin.policy.apply;

import static io.muslin.policy.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.policy.Fixtures;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.DataplaneException;
import io.muslin.policy.fake.FakeNetfilter;
import io.muslin.policy.model.Endpoint;
import io.muslin.policy.model.LabelSelector;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyPort;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.model.PolicySnapshot;
import io.muslin.policy.model.PolicyType;
import io.muslin.policy.model.Protocol;
import io.muslin.policy.render.ChainNames;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import io.muslin.policy.render.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IptablesApplierTest {

    private static final RenderConfig CFG = RenderConfig.defaults();
    private static final ChainNames NAMES = new ChainNames(CFG);
    private static final NetworkPolicy ALLOW_FRONTEND = NetworkPolicy.ingress("backend", "allow-frontend",
            LabelSelector.labels("app", "b"), PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "frontend")))
                    .onPorts(PolicyPort.of(Protocol.TCP, 80)));
    private static final NetworkPolicy DENY_C = NetworkPolicy.egress("frontend", "c-out", LabelSelector.labels("app", "c"),
            PolicyRule.from(Peer.ipBlock("10.0.0.0/8", "10.65.0.11/32")));

    private final PolicyRenderer renderer = new PolicyRenderer(CFG);

    private static FakeNetfilter nodeWithForeignRules(Backend b) {
        FakeNetfilter nf = new FakeNetfilter(b);
        nf.iptablesCommand("-N KUBE-FORWARD");
        nf.iptablesCommand("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
        nf.iptablesCommand("-A FORWARD -j KUBE-FORWARD");
        nf.iptablesCommand("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
        return nf;
    }

    private Ruleset render(NetworkPolicy... p) {
        return renderer.render(snapshot(p));
    }

    @Test
    void firstApplyWritesEverythingInOneTransactionAndHooksAtTheTop() {
        FakeNetfilter nf = nodeWithForeignRules(Backend.LEGACY);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        Ruleset r = render(ALLOW_FRONTEND, DENY_C);
        ApplyResult res = applier.apply(r);
        assertThat(nf.iptablesRestores()).isEqualTo(1);
        assertThat(res.chainsWritten()).containsExactlyInAnyOrderElementsOf(r.chains().keySet());
        assertThat(nf.rules("INPUT").get(0)).endsWith("-j MUSLIN-INPUT");
        assertThat(nf.rules("INPUT").get(1)).isEqualTo("-p tcp -m tcp --dport 22 -j ACCEPT");
        assertThat(nf.rules("FORWARD")).hasSize(2).last().isEqualTo("-j KUBE-FORWARD");
        assertThat(nf.rules("KUBE-FORWARD")).containsExactly("-m conntrack --ctstate INVALID -j DROP");
        assertThat(nf.ipsetNames()).containsExactlyInAnyOrderElementsOf(r.ipsets().keySet());
        assertThat(nf.lastRestoreInput()).doesNotContain("KUBE-FORWARD").doesNotContain(":INPUT").doesNotContain("-F ");
    }

    @Test
    void applyingTheSameRulesAgainRunsNoTool() {
        FakeNetfilter nf = new FakeNetfilter(Backend.NFT);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        applier.apply(render(ALLOW_FRONTEND));
        ApplyResult again = applier.apply(render(ALLOW_FRONTEND));
        assertThat(again.changed()).isFalse();
        assertThat(nf.iptablesRestores()).isEqualTo(1);
        assertThat(nf.ipsetRestores()).isEqualTo(1);
    }

    @Test
    void aChangedPolicyRewritesOnlyItsChain() {
        FakeNetfilter nf = nodeWithForeignRules(Backend.LEGACY);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        applier.apply(render(ALLOW_FRONTEND, DENY_C));
        NetworkPolicy port81 = NetworkPolicy.ingress("backend", "allow-frontend", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "frontend"))).onPorts(PolicyPort.of(Protocol.TCP, 81)));
        ApplyResult res = applier.apply(render(port81, DENY_C));
        String chain = NAMES.policy(port81, PolicyType.INGRESS);
        assertThat(res.chainsWritten()).containsExactly(chain);
        assertThat(res.ipsetsWritten()).isEmpty();
        assertThat(nf.lastRestoreInput()).isEqualTo("*filter\n:" + chain + " - [0:0]\n"
                + nf.rules(chain).stream().map(r -> "-A " + chain + " " + r + "\n").reduce("", String::concat) + "COMMIT\n");
        assertThat(nf.rules(chain)).singleElement().asString().contains("--dport 81");
    }

    @Test
    void aChangedSetIsBuiltAsideAndSwappedIn() {
        FakeNetfilter nf = new FakeNetfilter(Backend.LEGACY);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        applier.apply(render(ALLOW_FRONTEND));
        List<Endpoint> more = new ArrayList<>(Fixtures.endpoints());
        more.add(Endpoint.remote("frontend", "e", "10.65.2.5", Map.of()));
        Ruleset grown = renderer.render(new PolicySnapshot(Fixtures.namespaces(), more, List.of(ALLOW_FRONTEND)));
        int restores = nf.iptablesRestores();
        ApplyResult res = applier.apply(grown);
        String set = res.ipsetsWritten().getFirst();
        assertThat(res.chainsWritten()).as("a remote pod changes no chain").isEmpty();
        assertThat(nf.iptablesRestores()).isEqualTo(restores);
        assertThat(nf.members(set)).containsExactlyInAnyOrder(Fixtures.A, Fixtures.C, "10.65.2.5");
        assertThat(nf.ipsetNames()).as("the temporary set is gone").allMatch(n -> !n.startsWith("muslin-t-"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRemovedPolicyTakesItsChainsAndSetsWithIt(Backend backend) {
        FakeNetfilter nf = new FakeNetfilter(backend);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        applier.apply(render(ALLOW_FRONTEND, DENY_C));
        ApplyResult res = applier.apply(render(DENY_C));
        String gone = NAMES.policy(ALLOW_FRONTEND, PolicyType.INGRESS);
        assertThat(res.chainsDeleted()).containsExactly(gone);
        assertThat(nf.chainNames()).doesNotContain(gone);
        assertThat(res.ipsetsDeleted()).hasSize(1);
        assertThat(nf.ipsetNames()).hasSize(1);
        if (backend == Backend.NFT) {
            assertThat(nf.lastRestoreInput()).contains("COMMIT\n*filter\n-X " + gone + "\nCOMMIT\n");
        } else {
            assertThat(nf.lastRestoreInput()).containsOnlyOnce("COMMIT");
        }
    }

    @Test
    void aFailedTransactionLeavesThePreviousRulesAndNamesTheLine() {
        FakeNetfilter nf = nodeWithForeignRules(Backend.LEGACY);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        applier.apply(render(ALLOW_FRONTEND));
        String before = nf.iptables().save();
        String newChain = NAMES.policy(DENY_C, PolicyType.EGRESS);
        nf.failOnLineContaining("-A " + newChain);
        assertThatThrownBy(() -> applier.apply(render(ALLOW_FRONTEND, DENY_C)))
                .isInstanceOfSatisfying(DataplaneException.class, e -> {
                    assertThat(e.line()).startsWith("-A " + newChain);
                    assertThat(e.lineNumber()).isPositive();
                    assertThat(nf.lastRestoreInput().split("\n")[e.lineNumber() - 1]).isEqualTo(e.line());
                });
        assertThat(nf.iptables().save()).isEqualTo(before);
        // The next apply reads the kernel again and succeeds.
        ApplyResult res = applier.apply(render(ALLOW_FRONTEND, DENY_C));
        assertThat(res.chainsWritten()).contains(newChain);
        assertThat(nf.chainNames()).contains(newChain);
    }

    @Test
    void anIpsetFailureStopsBeforeIptables() {
        FakeNetfilter nf = new FakeNetfilter(Backend.LEGACY);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        nf.failOnLineContaining("create");
        assertThatThrownBy(() -> applier.apply(render(ALLOW_FRONTEND)))
                .isInstanceOf(DataplaneException.class).hasMessageContaining("[line 1: create muslin-");
        assertThat(nf.iptablesRestores()).isZero();
    }

    @Test
    void driftIsFoundOnlyByRepairAndRepaired() {
        FakeNetfilter nf = nodeWithForeignRules(Backend.NFT);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        Ruleset r = render(ALLOW_FRONTEND, DENY_C);
        applier.apply(r);
        String expected = nf.iptables().save();
        String tw = NAMES.toWorkload("mp-b");
        String set = r.ipsets().keySet().iterator().next();
        nf.iptablesCommand("-D " + tw + " 4");                              // someone deleted one of our rules,
        nf.iptablesCommand("-A " + NAMES.forward() + " -j ACCEPT");          // added one to our chain,
        nf.iptablesCommand("-D FORWARD 1");                                  // removed our hook,
        nf.iptablesCommand("-I INPUT 1 -p udp -j ACCEPT");                   // went above our hook,
        nf.iptablesCommand("-N MUSLIN-stale");                               // left a chain of ours behind,
        nf.ipsetCommand("flush " + set);                                     // emptied a set
        nf.ipsetCommand("create muslin-s-stale hash:ip family inet");        // and left one behind.
        assertThat(applier.apply(r).changed()).as("apply trusts what it wrote").isFalse();

        ApplyResult fixed = applier.repair(r);
        assertThat(fixed.chainsWritten()).containsExactlyInAnyOrder(tw, NAMES.forward());
        assertThat(fixed.chainsDeleted()).containsExactly("MUSLIN-stale");
        assertThat(fixed.hooksFixed()).containsExactly("INPUT", "FORWARD");
        assertThat(fixed.ipsetsWritten()).containsExactly(set);
        assertThat(fixed.ipsetsDeleted()).containsExactly("muslin-s-stale");
        assertThat(nf.rules("INPUT").get(0)).endsWith("-j MUSLIN-INPUT");
        assertThat(nf.rules("INPUT")).contains("-p udp -j ACCEPT", "-p tcp -m tcp --dport 22 -j ACCEPT");
        assertThat(nf.iptables().save().lines().filter(l -> l.contains("MUSLIN")).sorted().toList())
                .isEqualTo(expected.lines().filter(l -> l.contains("MUSLIN")).sorted().toList());
        assertThat(nf.members(set)).isEqualTo(r.ipsets().get(set).members());
        assertThat(applier.repair(r).changed()).as("a second repair finds nothing").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cleanupRemovesEverythingOursAndNothingElse(Backend backend) {
        FakeNetfilter nf = nodeWithForeignRules(backend);
        String foreign = nf.iptables().save();
        nf.ipsetCommand("create kube-set hash:ip family inet");
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG.withHostProtection(
                Fixtures.HOST));
        applier.apply(new PolicyRenderer(CFG.withHostProtection(Fixtures.HOST))
                .render(snapshot(ALLOW_FRONTEND, DENY_C)));
        nf.iptablesCommand("-A OUTPUT -j MUSLIN-OUTPUT"); // a second, hash-less jump to our chain
        ApplyResult res = new IptablesApplier(nf.iptables(), nf.ipset(), CFG).cleanup();
        assertThat(res.hooksFixed()).containsExactly("INPUT", "FORWARD", "OUTPUT");
        assertThat(nf.iptables().save()).isEqualTo(foreign);
        assertThat(nf.ipsetNames()).containsExactly("kube-set");
    }
    /**
     * Changes one after another through one renderer (which hands out the same chain and set
     * objects for what did not change, so the applier skips them by identity): after each, the
     * fake kernel read afresh by a new applier holds exactly what was asked — that applier finds
     * nothing to write.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void successiveChangesLeaveExactlyWhatAFreshReadExpects(Backend backend) {
        FakeNetfilter nf = nodeWithForeignRules(backend);
        IptablesApplier applier = new IptablesApplier(nf.iptables(), nf.ipset(), CFG);
        NetworkPolicy port81 = NetworkPolicy.ingress("backend", "allow-frontend", LabelSelector.labels("app", "b"),
                PolicyRule.from(Peer.namespaces(LabelSelector.labels("project", "frontend"))).onPorts(PolicyPort.of(Protocol.TCP, 81)));
        NetworkPolicy otherExcept = NetworkPolicy.egress("frontend", "c-out", LabelSelector.labels("app", "c"),
                PolicyRule.from(Peer.ipBlock("10.0.0.0/8", "10.65.0.12/32")));
        List<NetworkPolicy[]> steps = List.of(
                new NetworkPolicy[] {ALLOW_FRONTEND, DENY_C},
                new NetworkPolicy[] {port81, DENY_C},
                new NetworkPolicy[] {port81, otherExcept},
                new NetworkPolicy[] {port81},
                new NetworkPolicy[] {ALLOW_FRONTEND, DENY_C},
                new NetworkPolicy[] {});
        for (NetworkPolicy[] step : steps) {
            Ruleset r = render(step);
            applier.apply(r);
            ApplyResult fresh = new IptablesApplier(nf.iptables(), nf.ipset(), CFG).apply(r);
            assertThat(fresh.changed()).as("a fresh read after %d policies", step.length).isFalse();
            assertThat(nf.chainNames().stream().filter(n -> n.startsWith("MUSLIN-")).toList())
                    .containsExactlyInAnyOrderElementsOf(r.chains().keySet());
            assertThat(nf.ipsetNames()).containsExactlyInAnyOrderElementsOf(r.ipsets().keySet());
        }
    }
}
