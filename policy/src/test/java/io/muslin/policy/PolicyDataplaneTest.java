package io.muslin.policy;

import static io.muslin.policy.Fixtures.A;
import static io.muslin.policy.Fixtures.B;
import static io.muslin.policy.Fixtures.C;
import static io.muslin.policy.Fixtures.D;
import static io.muslin.policy.Fixtures.NODE;
import static io.muslin.policy.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.dataplane.ConntrackEntry;
import io.muslin.policy.fake.FakeConntrack;
import io.muslin.policy.fake.FakeNetfilter;
import io.muslin.policy.model.LabelSelector;
import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.Peer;
import io.muslin.policy.model.PolicyRule;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyDataplaneTest {

    private static ConntrackEntry tcp(String s, String d, int sport, int dport) {
        return new ConntrackEntry(6, IpAddress.parse(s), IpAddress.parse(d), sport, dport);
    }

    private final FakeNetfilter nf = new FakeNetfilter(Backend.LEGACY);
    private final FakeConntrack ct = new FakeConntrack();
    private final PolicyDataplane dp = new PolicyDataplane(new PolicyRenderer(RenderConfig.defaults()),
            new IptablesApplier(nf.iptables(), nf.ipset(), RenderConfig.defaults()), ct, Set.of(IpAddress.parse(NODE)));

    @Test
    void tighteningCutsOnlyTheConnectionsItNowDenies() {
        dp.update(snapshot());
        ConntrackEntry aToB = tcp(A, B, 40000, 80);
        ConntrackEntry cToB = tcp(C, B, 40001, 80);
        ConntrackEntry bToA = tcp(B, A, 40002, 80);
        ConntrackEntry nodeToB = tcp(NODE, B, 40003, 10250);
        ConntrackEntry dToA = tcp(D, A, 40004, 80);
        for (ConntrackEntry e : new ConntrackEntry[] {aToB, cToB, bToA, nodeToB, dToA}) {
            ct.add(e);
        }
        // b now only accepts c: a's connection to b must go; b's own connection to a stays.
        PolicyDataplane.UpdateResult r = dp.update(snapshot(NetworkPolicy.ingress("backend", "only-c",
                LabelSelector.labels("app", "b"), PolicyRule.from(Peer.ipBlock(C + "/32")))));
        assertThat(r.connectionsCut()).containsExactly(aToB);
        assertThat(ct.list()).containsExactlyInAnyOrder(cToB, bToA, nodeToB, dToA);
    }

    @Test
    void looseningOrUnrelatedChangesCutNothing() {
        dp.update(snapshot(NetworkPolicy.ingress("backend", "deny", LabelSelector.ALL)));
        ct.add(tcp(B, A, 40002, 80));
        ct.add(tcp(D, A, 40004, 80));
        assertThat(dp.update(snapshot()).connectionsCut()).isEmpty();
        assertThat(dp.update(snapshot(NetworkPolicy.ingress("other", "x", LabelSelector.ALL))).connectionsCut()).isEmpty();
        assertThat(ct.list()).hasSize(2);
    }

    @Test
    void aPodWhoseSelectedPeersChangedIsReexamined() {
        // b accepts pods labelled role=frontend; a loses that label: its connection to b is cut.
        NetworkPolicy p = NetworkPolicy.ingress("backend", "fe", LabelSelector.labels("app", "b"),
                PolicyRule.from(new Peer.Pods(LabelSelector.labels("role", "frontend"), LabelSelector.ALL)));
        dp.update(snapshot(p));
        ConntrackEntry aToB = tcp(A, B, 40000, 80);
        ct.add(aToB);
        var endpoints = new java.util.ArrayList<>(Fixtures.endpoints());
        endpoints.replaceAll(e -> e.name().equals("a")
                ? io.muslin.policy.model.Endpoint.local("frontend", "a", A, "mp-a", java.util.Map.of("app", "a")) : e);
        var r = dp.update(new io.muslin.policy.model.PolicySnapshot(Fixtures.namespaces(), endpoints, java.util.List.of(p)));
        assertThat(r.connectionsCut()).containsExactly(aToB);
    }

    @Test
    void aConntrackFailureIsReportedAfterTheRulesAreInPlace() {
        PolicyDataplane broken = new PolicyDataplane(new PolicyRenderer(RenderConfig.defaults()),
                new IptablesApplier(nf.iptables(), nf.ipset(), RenderConfig.defaults()), new io.muslin.policy.dataplane.Conntrack() {
                    @Override
                    public java.util.List<ConntrackEntry> list() {
                        throw new io.muslin.policy.dataplane.DataplaneException("conntrack -L failed: cannot start conntrack", 0, null);
                    }

                    @Override
                    public boolean delete(ConntrackEntry entry) {
                        return false;
                    }
                }, Set.of());
        PolicyDataplane.UpdateResult r = broken.update(snapshot(NetworkPolicy.ingress("backend", "deny", LabelSelector.ALL)));
        assertThat(r.applied().chainsWritten()).isNotEmpty();
        assertThat(nf.chainNames()).contains("MUSLIN-tw-mp-b");
        assertThat(r.tighteningError()).contains("not re-checked").contains("cannot start conntrack");
        assertThat(dp.update(snapshot()).tighteningError()).isNull();
    }

    @Test
    void repairWithoutAnUpdateDoesNothingAndCleanupForgets() {
        assertThat(dp.repairDrift().changed()).isFalse();
        dp.update(snapshot());
        assertThat(nf.chainNames()).contains("MUSLIN-FORWARD");
        dp.cleanup();
        assertThat(nf.chainNames()).containsExactlyInAnyOrder("INPUT", "FORWARD", "OUTPUT");
        assertThat(dp.ruleset()).isNull();
    }

    @Test
    void aHostProtectionChangeRewritesOnlyTheSetsItChanges() {
        dp.hostProtection(Fixtures.HOST);
        dp.update(snapshot());
        assertThat(nf.members("muslin-nodes")).containsExactlyInAnyOrder("10.64.0.1", "10.64.0.2");
        int restores = nf.iptablesRestores();
        // A third node joins: its address joins the node and BGP sets; no chain changes.
        var joined = new io.muslin.policy.render.HostProtection(
                java.util.List.of(IpAddress.parse("10.64.0.1"), IpAddress.parse("10.64.0.2"), IpAddress.parse("10.64.0.3")),
                Fixtures.HOST.bgpPeers(), Fixtures.HOST.etcd(), true, true, 4789, true);
        dp.hostProtection(joined);
        assertThat(dp.hostProtection()).isEqualTo(joined);
        PolicyDataplane.UpdateResult r = dp.update(snapshot());
        assertThat(nf.members("muslin-nodes")).containsExactlyInAnyOrder("10.64.0.1", "10.64.0.2", "10.64.0.3");
        assertThat(nf.members("muslin-bgp")).contains("10.64.0.3", "10.64.9.1");
        assertThat(r.applied().ipsetsWritten()).containsExactlyInAnyOrder("muslin-nodes", "muslin-bgp");
        assertThat(r.applied().chainsWritten()).isEmpty();
        assertThat(nf.iptablesRestores()).isEqualTo(restores);
    }
}
