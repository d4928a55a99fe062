package io.muslin.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.muslin.agent.metrics.AgentMetrics;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.Namespace;
import io.muslin.datastore.model.NetworkPolicy;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.WorkloadEndpoint;
import io.muslin.net.IpAddress;
import io.muslin.policy.PolicyDataplane;
import io.muslin.policy.apply.IptablesApplier;
import io.muslin.policy.dataplane.Backend;
import io.muslin.policy.fake.FakeConntrack;
import io.muslin.policy.fake.FakeNetfilter;
import io.muslin.policy.render.PolicyRenderer;
import io.muslin.policy.render.RenderConfig;
import io.muslin.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PolicySync} on the policy module's fakes and the in-memory datastore. */
class PolicySyncTest {
    static final String NODE = "node-1";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeNetfilter nf = new FakeNetfilter(Backend.NFT);
    private final FakeConntrack ct = new FakeConntrack();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FileDatastore raw = FileDatastore.inMemory();
    private ResourceStore store = new ResourceStore(raw);
    private PolicySync sync;

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        raw.close();
    }

    private PolicyDataplane dataplane() {
        return new PolicyDataplane(new PolicyRenderer(RenderConfig.defaults()),
                new IptablesApplier(nf.iptables(), nf.ipset(), RenderConfig.defaults()), ct, Set.of(IpAddress.parse("10.64.0.1")));
    }

    private PolicySync.Options options() {
        return PolicySync.Options.defaults(Set.of(IpAddress.parse("10.64.0.1"))).withRegistry(registry)
                .withDebounce(Duration.ofMillis(50), Duration.ofSeconds(1)).withRetry(Duration.ofMillis(200));
    }

    static WorkloadEndpoint wep(String ns, String pod, String ip, String node, String iface, Map<String, String> labels) {
        return new WorkloadEndpoint(ObjectMeta.namespaced(ns, node + "-k8s-" + pod + "-eth0").withLabels(labels),
                new WorkloadEndpoint.Spec("k8s", node, pod, "eth0", "c-" + pod, List.of(ip + "/32"), iface, null, null, null));
    }

    static NetworkPolicy denyIngress(String ns, String name, String app) {
        return new NetworkPolicy(ObjectMeta.namespaced(ns, name),
                new NetworkPolicy.Spec(io.muslin.datastore.model.LabelSelector.matching("app", app), List.of("Ingress"), null, null));
    }

    static NetworkPolicy allowFrom(String ns, String name, String app, String cidr) {
        return new NetworkPolicy(ObjectMeta.namespaced(ns, name),
                new NetworkPolicy.Spec(io.muslin.datastore.model.LabelSelector.matching("app", app), List.of("Ingress"),
                        List.of(new NetworkPolicy.IngressRule(null, List.of(NetworkPolicy.Peer.ipBlock(cidr)))), null));
    }

    private void cluster() {
        store.create(Namespace.of("shop", Map.of("team", "shop")));
        store.create(wep("shop", "a", "10.65.0.10", NODE, "mp-a", Map.of("app", "a")));
        store.create(wep("shop", "b", "10.65.0.11", NODE, "mp-b", Map.of("app", "b")));
        store.create(wep("shop", "r", "10.65.1.20", "node-2", "mp-r", Map.of("app", "a")));
    }

    private boolean hasPolicyChain() {
        return nf.chainNames().stream().anyMatch(c -> c.startsWith("MUSLIN-pi-"));
    }

    @Test
    void appliesWhatTheStoreHoldsAndFollowsItsChanges() {
        cluster();
        store.create(denyIngress("shop", "deny-a", "a"));
        sync = PolicySync.start(store, NODE, dataplane(), options());
        Await.until(WAIT, "the first apply", () -> sync.applies() >= 1);
        // a is isolated: its ingress chain jumps to the policy's chain and drops the rest; b is not.
        assertThat(nf.rules("MUSLIN-tw-mp-a")).anyMatch(r -> r.contains("MUSLIN-pi-"))
                .anyMatch(r -> r.endsWith("-j DROP") && !r.contains("INVALID"));
        assertThat(nf.rules("MUSLIN-tw-mp-b")).noneMatch(r -> r.contains("MUSLIN-pi-"));
        // Only this node's pods get chains; the remote pod r only fills sets.
        assertThat(nf.chainNames()).doesNotContain("MUSLIN-tw-mp-r");
        assertThat(sync.summary().policies()).isEqualTo(1);
        assertThat(sync.summary().backend()).isEqualTo("nft");
        assertThat(sync.summary().lastApply()).isNotNull();
        assertThat(sync.summary().lastError()).isNull();

        store.delete(NetworkPolicy.class, "shop", "deny-a");
        Await.until(WAIT, "the policy's chains gone", () -> !hasPolicyChain());
        assertThat(nf.rules("MUSLIN-tw-mp-a")).anyMatch(r -> r.contains("shop/a not isolated for ingress"))
                .noneMatch(r -> r.endsWith("-j DROP") && !r.contains("INVALID"));
        Await.until(WAIT, "the summary", () -> sync.summary().policies() == 0);

        // A pod of this node appears: it gets its chains.
        store.create(wep("shop", "c", "10.65.0.12", NODE, "mp-c", Map.of("app", "c")));
        Await.until(WAIT, "c's chains", () -> nf.chainNames().contains("MUSLIN-tw-mp-c"));
    }

    @Test
    void aBurstOfChangesIsOneApply() {
        cluster();
        sync = PolicySync.start(store, NODE, dataplane(), options().withDebounce(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        Await.until(WAIT, "the first apply", () -> sync.applies() == 1);
        // Twenty separate writes, each its own revision and watch batch, well inside the 1 s quiet time.
        for (int i = 0; i < 20; i++) {
            store.create(allowFrom("shop", "p" + i, "a", "192.0." + i + ".0/24"));
        }
        Await.until(WAIT, "the burst applied", () -> sync.summary().policies() == 20);
        assertThat(sync.applies()).isEqualTo(2);
        assertThat(nf.chainNames().stream().filter(c -> c.startsWith("MUSLIN-pi-")).count()).isEqualTo(20);
    }

    @Test
    void nothingIsAppliedUntilEveryKindIsListed() {
        cluster();
        store.create(denyIngress("shop", "deny-a", "a"));
        GatedDatastore gated = new GatedDatastore(raw, store.prefix(WorkloadEndpoint.class));
        sync = PolicySync.start(new ResourceStore(gated), NODE, dataplane(), options()
                .withInformers(io.muslin.datastore.cache.InformerOptions.defaults().withRetry(Duration.ofMillis(20),
                        Duration.ofMillis(50))));
        // Without the endpoints, a policy would isolate nobody (or everybody): wait while their list keeps failing.
        Await.until(WAIT, "several refused endpoint lists", () -> gated.refusedLists.get() >= 5);
        assertThat(sync.applies()).isZero();
        assertThat(nf.chainNames()).containsExactlyInAnyOrder("INPUT", "FORWARD", "OUTPUT");
        gated.open();
        Await.until(WAIT, "the first apply", () -> sync.applies() == 1);
        assertThat(nf.rules("MUSLIN-tw-mp-a")).anyMatch(r -> r.contains("MUSLIN-pi-"));
    }

    @Test
    void nodesAndBgpPeersFillTheHostProtectionSets() {
        cluster();
        store.create(new Node(ObjectMeta.named(NODE), new Node.Spec(new Node.BGP(null, "10.64.0.1/24", null, null, null), null, null, null)));
        PolicySync.Options.HostInputs host = new PolicySync.Options.HostInputs(true, List.of(IpAddress.parse("10.64.9.1")),
                List.of(new io.muslin.policy.render.HostProtection.EtcdEndpoint(IpAddress.parse("10.64.0.10"), 2379)),
                false, true, 4789, true);
        sync = PolicySync.start(store, NODE, dataplane(), options().withHost(host));
        Await.until(WAIT, "the first apply", () -> sync.applies() >= 1);
        assertThat(nf.members("muslin-nodes")).containsExactly("10.64.0.1");
        assertThat(nf.members("muslin-bgp")).containsExactlyInAnyOrder("10.64.0.1", "10.64.9.1");
        assertThat(nf.members("muslin-etcd")).containsExactly("10.64.0.10,tcp:2379");

        store.create(new Node(ObjectMeta.named("node-2"), new Node.Spec(new Node.BGP(null, "10.64.1.2/24", null, null, null), null, null, null)));
        Await.until(WAIT, "node-2 in the node set", () -> nf.members("muslin-nodes").contains("10.64.1.2"));
        sync.bgpPeers(List.of(IpAddress.parse("10.64.9.2")));
        Await.until(WAIT, "the new peer", () -> nf.members("muslin-bgp").contains("10.64.9.2"));
        assertThat(nf.members("muslin-bgp")).doesNotContain("10.64.9.1");
        store.delete(Node.class, null, "node-2");
        Await.until(WAIT, "node-2 gone", () -> !nf.members("muslin-nodes").contains("10.64.1.2"));
    }

    @Test
    void aFailedApplyKeepsTheRulesReportsTheErrorAndIsRetried() {
        cluster();
        store.create(denyIngress("shop", "deny-a", "a"));
        sync = PolicySync.start(store, NODE, dataplane(), options());
        Await.until(WAIT, "the first apply", () -> sync.applies() == 1);
        List<String> before = nf.rules("MUSLIN-tw-mp-b");
        nf.failOnLineContaining("192.0.2.0/24");
        store.create(allowFrom("shop", "from-test-net", "b", "192.0.2.0/24"));
        Await.until(WAIT, "the error reported", () -> sync.summary().lastError() != null);
        assertThat(sync.summary().lastError()).contains("192.0.2.0/24");
        assertThat(registry.get(PolicySync.POLICY_APPLY_ERRORS).counter().count()).isEqualTo(1.0);
        // The retry (the fake fails once) puts the new policy in place and clears the error.
        Await.until(WAIT, "the retry", () -> sync.applies() == 2);
        assertThat(sync.summary().lastError()).isNull();
        assertThat(nf.rules("MUSLIN-tw-mp-b")).isNotEqualTo(before).anyMatch(r -> r.contains("MUSLIN-pi-"));
    }

    @Test
    void metricsFollowTheSummaryAndCloseLeavesTheChains() {
        cluster();
        store.create(denyIngress("shop", "deny-a", "a"));
        sync = PolicySync.start(store, NODE, dataplane(), options());
        Await.until(WAIT, "the first apply", () -> sync.applies() == 1);
        int rules = sync.dataplane().ruleset().ruleCount();
        assertThat(sync.summary().rules()).isEqualTo(rules);
        assertThat(registry.get(AgentMetrics.POLICY_RULES).gauge().value()).isEqualTo(rules);
        assertThat(registry.get(AgentMetrics.POLICY_IPSETS).gauge().value())
                .isEqualTo(sync.dataplane().ruleset().ipsets().size());
        assertThat(registry.get(AgentMetrics.POLICY_APPLY_DURATION).timer().count()).isEqualTo(1);

        var chains = nf.chainNames();
        sync.close();
        store.delete(NetworkPolicy.class, "shop", "deny-a");
        assertThat(nf.chainNames()).isEqualTo(chains);
        sync.cleanup();
        assertThat(nf.chainNames()).containsExactlyInAnyOrder("INPUT", "FORWARD", "OUTPUT");
        assertThat(nf.ipsetNames()).isEmpty();
    }
}
