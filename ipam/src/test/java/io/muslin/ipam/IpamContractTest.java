package io.muslin.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.datastore.Compare;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.Op;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.Txn;
import io.muslin.datastore.model.BlockAffinity;
import io.muslin.datastore.model.IPAMConfig;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.IPReservation;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.ValidationException;
import io.muslin.ipam.ConsistencyReport.Kind;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IPAM behaviour, run against etcd and against the embedded store. Each test uses its own key root. */
public abstract class IpamContractTest {
    protected Datastore store;
    protected String root;
    protected Ipam ipam;
    protected ResourceStore resources;
    protected final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    protected abstract Datastore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        root = "/t" + UUID.randomUUID() + "/";
        resources = new ResourceStore(store, root);
        ipam = newIpam();
    }

    protected Ipam newIpam() {
        return new Ipam(store, new IpamOptions(root, Duration.ZERO, Duration.ofSeconds(30), now::get));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    void config(boolean strict, int maxBlocks) {
        resources.apply(new IPAMConfig(ObjectMeta.named("default"), new IPAMConfig.Spec(strict, maxBlocks, true)));
    }

    List<Assignment> one(String handle, String node) {
        return ipam.autoAssign(AssignRequest.ipv4(handle, node, Map.of("pod", handle, "namespace", "default")));
    }

    @Test
    void assignsFromANodeBlockWithHandleAndAttributes() {
        ipam.createPool(IPPool.of("pool-a", "10.10.0.0/24", 28));
        List<Assignment> a = one("ctr-1", "node-1");
        assertThat(a).hasSize(1);
        Assignment got = a.getFirst();
        assertThat(IpPrefix.parse("10.10.0.0/24").contains(got.address())).isTrue();
        assertThat(got.block().length()).isEqualTo(28);
        assertThat(got.borrowed()).isFalse();
        assertThat(ipam.advertisableBlocks("node-1")).containsExactly(got.block());
        assertThat(ipam.addressesOf("ctr-1")).containsExactly(got.address());
        Allocation al = ipam.allocations().getFirst();
        assertThat(al.handleId()).isEqualTo("ctr-1");
        assertThat(al.pod()).contains("ctr-1");
        assertThat(al.namespace()).contains("default");
        assertThat(al.node()).contains("node-1");
        assertThat(al.assignedAt()).contains(now.get());
        // Same node: same block until full, then a second block.
        Set<IpAddress> all = new HashSet<>();
        all.add(got.address());
        for (int i = 2; i <= 20; i++) {
            all.add(one("ctr-" + i, "node-1").getFirst().address());
        }
        assertThat(all).hasSize(20);
        assertThat(ipam.advertisableBlocks("node-1")).hasSize(2);
        assertThat(ipam.checkConsistency().problems()).isEmpty();
    }

    @Test
    void releaseByHandleAndByAddress() {
        ipam.createPool(IPPool.of("pool-a", "10.10.0.0/24", 28));
        IpAddress a = one("ctr-1", "node-1").getFirst().address();
        List<Assignment> two = ipam.autoAssign(new AssignRequest("ctr-2", "node-1", Map.of(), 2, 0, List.of()));
        assertThat(ipam.releaseByHandle("ctr-2")).isEqualTo(2);
        assertThat(ipam.releaseByHandle("ctr-2")).isZero();
        assertThat(ipam.addressesOf("ctr-2")).isEmpty();
        assertThat(ipam.releaseAddress(a)).isTrue();
        assertThat(ipam.releaseAddress(a)).isFalse();
        assertThat(ipam.allocations()).isEmpty();
        assertThat(store.keys(ipam.keys().handles())).isEmpty();
        // Freed addresses are reused last.
        IpAddress next = one("ctr-3", "node-1").getFirst().address();
        assertThat(next).isNotIn(a, two.get(0).address(), two.get(1).address());
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void strictAffinityForbidsBorrowingAndMaxBlocksPerHostLimitsClaims() {
        ipam.createPool(IPPool.of("pool-a", "10.20.0.0/26", 28)); // 4 blocks of 16
        config(true, 1);
        for (int i = 0; i < 16; i++) {
            one("a-" + i, "node-a");
        }
        for (int i = 0; i < 3; i++) {
            one("b-" + i, "node-b");
        }
        assertThatThrownBy(() -> one("a-16", "node-a")).isInstanceOf(IpamException.class)
                .hasMessageContaining("node node-a").hasMessageContaining("maxBlocksPerHost=1")
                .hasMessageContaining("strictAffinity forbids borrowing");
        config(false, 1);
        Assignment borrowed = one("a-16", "node-a").getFirst();
        assertThat(borrowed.borrowed()).isTrue();
        assertThat(ipam.advertisableBlocks("node-b")).contains(borrowed.block());
        assertThat(ipam.allocations().stream().filter(x -> x.address().equals(borrowed.address())).findFirst().orElseThrow()
                .node()).contains("node-a");
        UsageReport u = ipam.usage();
        assertThat(u.nodes()).contains(new UsageReport.NodeUsage("node-a", 1, 17, 1), new UsageReport.NodeUsage("node-b", 1, 3, 0));
        assertThat(u.pools()).containsExactly(new UsageReport.PoolUsage("pool-a", "10.20.0.0/26", 28, false, 2, 64, 20));
        assertThat(u.toText()).contains("pool-a 10.20.0.0/26 /28 false 2 20/64");
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void poolExhaustionSaysSo() {
        ipam.createPool(IPPool.of("tiny", "10.30.0.0/30", 30));
        for (int i = 0; i < 4; i++) {
            one("c" + i, "node-1");
        }
        assertThatThrownBy(() -> one("c4", "node-2")).isInstanceOf(IpamException.class)
                .hasMessageContaining("no free IPv4 address for node node-2 in pools [tiny]");
        assertThat(ipam.allocations()).hasSize(4);
    }

    @Test
    void reservationsAreNeverHandedOut() {
        ipam.createPool(IPPool.of("pool-a", "10.40.0.0/28", 29));
        resources.apply(new IPReservation(ObjectMeta.named("gw"), new IPReservation.Spec(List.of("10.40.0.0/31", "10.40.0.5/32",
                "10.40.0.8/29"))));
        Set<IpAddress> got = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            got.add(one("r" + i, "node-" + (i % 2)).getFirst().address());
        }
        assertThat(got).containsExactlyInAnyOrder(ip("10.40.0.2"), ip("10.40.0.3"), ip("10.40.0.4"), ip("10.40.0.6"),
                ip("10.40.0.7"));
        assertThatThrownBy(() -> one("r5", "node-0")).isInstanceOf(IpamException.class);
        assertThatThrownBy(() -> ipam.assignIp(ip("10.40.0.5"), "x", Map.of(), "node-0")).hasMessageContaining("reserved");
    }

    @Test
    void dualStackFromIpv4AndIpv6Pools() {
        ipam.createPool(IPPool.of("v4", "10.50.0.0/24", 26));
        ipam.createPool(IPPool.of("v6", "fd00:50::/120", 124));
        List<Assignment> a = ipam.autoAssign(AssignRequest.dualStack("ctr-1", "node-1", Map.of("pod", "p")));
        assertThat(a).hasSize(2);
        assertThat(a.get(0).address().v6()).isFalse();
        assertThat(a.get(1).address().v6()).isTrue();
        assertThat(IpPrefix.parse("fd00:50::/120").contains(a.get(1).address())).isTrue();
        assertThat(a.get(1).block().length()).isEqualTo(124);
        assertThat(ipam.advertisableBlocks("node-1")).hasSize(2);
        assertThat(ipam.releaseByHandle("ctr-1")).isEqualTo(2);
        assertThatThrownBy(() -> ipam.autoAssign(new AssignRequest("x", "n", Map.of(), 0, 1, List.of("v4"))))
                .hasMessageContaining("no enabled IPv6 pool selects node n among [v4]");
    }

    @Test
    void poolValidationAndOverlapOnCreate() {
        ipam.createPool(IPPool.of("a", "10.60.0.0/16", 26));
        assertThatThrownBy(() -> ipam.createPool(IPPool.of("b", "10.60.128.0/17", 26)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("spec.cidr: pool b (10.60.128.0/17) overlaps pool a");
        assertThatThrownBy(() -> ipam.createPool(IPPool.of("c", "10.61.0.0/16", 19)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("spec.blockSize");
    }

    @Test
    void nodeSelectorRestrictsPools() {
        resources.apply(new Node(ObjectMeta.named("edge-1").withLabels(Map.of("zone", "edge")), null));
        ipam.createPool(new IPPool(ObjectMeta.named("edge"), new IPPool.Spec("10.70.0.0/24", 28, null, null, null, null, null,
                "zone == 'edge'")));
        ipam.createPool(new IPPool(ObjectMeta.named("core"), new IPPool.Spec("10.71.0.0/24", 28, null, null, null, null, null,
                "zone != 'edge'")));
        assertThat(IpPrefix.parse("10.70.0.0/24").contains(one("e", "edge-1").getFirst().address())).isTrue();
        assertThat(IpPrefix.parse("10.71.0.0/24").contains(one("c", "core-1").getFirst().address())).isTrue();
    }

    @Test
    void disabledPoolGivesNothingAndDrains() {
        ipam.createPool(IPPool.of("old", "10.80.0.0/24", 28));
        ipam.createPool(IPPool.of("new", "10.81.0.0/24", 28));
        List<IpAddress> olds = new ArrayList<>();
        // Fill node-1's first block in whichever pool it lands, then make sure both pools have blocks.
        ipam.claimBlock("node-1", "old");
        ipam.claimBlock("node-2", "old");
        olds.add(ipam.assignIp(ip("10.80.0.1"), "keep", Map.of(), "node-1").address());
        assertThatThrownBy(() -> ipam.drainPool("old")).hasMessageContaining("not disabled");
        ipam.setPoolDisabled("old", true);
        for (int i = 0; i < 5; i++) {
            assertThat(IpPrefix.parse("10.81.0.0/24").contains(one("n" + i, "node-" + (i % 3)).getFirst().address())).isTrue();
        }
        Ipam.DrainResult d = ipam.drainPool("old");
        assertThat(d.blocksReleased()).isGreaterThanOrEqualTo(1);
        assertThat(d.blocksInUse()).isEqualTo(1);
        assertThat(d.addressesInUse()).isEqualTo(1);
        assertThat(d.drained()).isFalse();
        ipam.releaseByHandle("keep");
        assertThat(ipam.drainPool("old").drained()).isTrue();
        assertThat(ipam.usage().blocks()).noneMatch(b -> b.cidr().startsWith("10.80."));
        assertThat(ipam.checkConsistency().clean()).isTrue();
        assertThat(olds).hasSize(1);
    }

    @Test
    void removedNodeIsReleasedIncludingBorrowedAddresses() {
        ipam.createPool(IPPool.of("pool-a", "10.90.0.0/27", 28)); // 2 blocks
        config(false, 1);
        for (int i = 0; i < 16; i++) {
            one("a" + i, "node-a");
        }
        one("b0", "node-b");
        Assignment borrowed = one("a16", "node-a").getFirst();
        assertThat(borrowed.borrowed()).isTrue();
        String tunnelHandle = "ipip-tunnel-addr-node-a";
        Ipam.NodeRelease r = ipam.releaseNode("node-a");
        assertThat(r.addressesReleased()).isEqualTo(17);
        assertThat(r.blocksReleased()).isEqualTo(1);
        assertThat(ipam.advertisableBlocks("node-a")).isEmpty();
        assertThat(ipam.allocations()).extracting(Allocation::handleId).containsExactly("b0");
        assertThat(ipam.addressesOf(tunnelHandle)).isEmpty();
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void removedNodeWithForeignAddressesInItsBlockLeavesAnOrphan() {
        ipam.createPool(IPPool.of("pool-a", "10.91.0.0/28", 28)); // 1 block
        one("a0", "node-a");
        one("b0", "node-b"); // borrowed from node-a's block (the only block)
        assertThat(ipam.allocations()).filteredOn(x -> x.handleId().equals("b0")).singleElement()
                .satisfies(x -> assertThat(x.blockOwner()).isEqualTo("node-a"));
        Ipam.NodeRelease r = ipam.releaseNode("node-a");
        assertThat(r).isEqualTo(new Ipam.NodeRelease("node-a", 1, 0, 1)); // node-b's pod keeps its address
        assertThat(ipam.allocations()).singleElement().satisfies(x -> {
            assertThat(x.handleId()).isEqualTo("b0");
            assertThat(x.blockOwner()).isNull();
        });
        assertThat(ipam.checkConsistency().clean()).isTrue();
        // Once the borrower leaves, GC of the empty orphan happens through drain or release.
        ipam.releaseByHandle("b0");
        ipam.setPoolDisabled("pool-a", true);
        assertThat(ipam.drainPool("pool-a").drained()).isTrue();
    }

    @Test
    void garbageCollectionAfterGracePeriod() {
        ipam.createPool(IPPool.of("pool-a", "10.100.0.0/24", 28));
        one("alive", "node-1");
        one("gone", "node-1");
        IpAddress tunnel = ipam.tunnelAddress("node-1");
        Liveness liveness = a -> a.pod().map(p -> p.equals("alive")).orElse(false);
        Ipam.GcResult early = ipam.garbageCollect(liveness, Duration.ofMinutes(15));
        assertThat(early).isEqualTo(new Ipam.GcResult(0, 1, 0));
        now.set(now.get().plus(Duration.ofMinutes(16)));
        Ipam.GcResult late = ipam.garbageCollect(liveness, Duration.ofMinutes(15));
        assertThat(late.addressesReleased()).isEqualTo(1);
        assertThat(ipam.allocations()).extracting(Allocation::handleId)
                .containsExactlyInAnyOrder("alive", "ipip-tunnel-addr-node-1");
        assertThat(ipam.tunnelAddress("node-1")).isEqualTo(tunnel);
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void gcRemovesStalePendingClaimsAfterGrace() {
        ipam.createPool(IPPool.of("pool-a", "10.101.0.0/24", 28));
        String key = ipam.keys().affinity("crashed", IpPrefix.parse("10.101.0.0/28"));
        store.create(key, Resources.toJson(new BlockAffinity(ObjectMeta.named("crashed-10-101-0-0-28"),
                new BlockAffinity.Spec(BlockAffinity.PENDING, "crashed", "10.101.0.0/28", null))));
        assertThat(ipam.checkConsistency().problems()).extracting(ConsistencyReport.Problem::kind)
                .containsExactly(Kind.STALE_PENDING_AFFINITY);
        assertThat(ipam.advertisableBlocks("crashed")).isEmpty();
        assertThat(ipam.garbageCollect(a -> true, Duration.ofMinutes(1)).staleClaimsRemoved()).isZero();
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(ipam.garbageCollect(a -> true, Duration.ofMinutes(1)).staleClaimsRemoved()).isEqualTo(1);
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void tunnelAddressIsStableAndRecordedOnTheNode() {
        ipam.createPool(IPPool.of("pool-a", "10.110.0.0/24", 28));
        resources.apply(new Node(ObjectMeta.named("node-1"), new Node.Spec(new Node.BGP(64512L, "10.0.0.1/24", null, null, null),
                null, null, null)));
        IpAddress t = ipam.tunnelAddress("node-1");
        assertThat(ipam.tunnelAddress("node-1")).isEqualTo(t);
        assertThat(resources.get(Node.class, "node-1").orElseThrow().resource().spec().bgp().ipv4IPIPTunnelAddr())
                .isEqualTo(String.valueOf(t));
        assertThat(ipam.addressesOf("ipip-tunnel-addr-node-1")).containsExactly(t);
        assertThat(ipam.tunnelAddress("node-2")).isNotEqualTo(t);
    }

    @Test
    void specificAddressAssignment() {
        ipam.createPool(IPPool.of("pool-a", "10.120.0.0/24", 28));
        Assignment a = ipam.assignIp(ip("10.120.0.77"), "static", Map.of("pod", "s"), "node-1");
        assertThat(a.block()).isEqualTo(IpPrefix.parse("10.120.0.64/28"));
        assertThat(ipam.advertisableBlocks("node-1")).containsExactly(a.block());
        assertThatThrownBy(() -> ipam.assignIp(ip("10.120.0.77"), "other", Map.of(), "node-1"))
                .hasMessageContaining("already assigned to handle static");
        assertThatThrownBy(() -> ipam.assignIp(ip("10.121.0.1"), "x", Map.of(), "node-1")).hasMessageContaining("in no pool");
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void concurrentClaimsOfOneBlockHaveExactlyOneWinner() throws Exception {
        ipam.createPool(IPPool.of("single", "10.130.0.0/28", 28));
        int n = 8;
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String node = "racer-" + i;
            Ipam own = newIpam();
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    Optional<IpPrefix> c = own.claimBlock(node, "single");
                    c.ifPresent(x -> winners.add(node));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(winners).hasSize(1);
        assertThat(ipam.affinities()).hasSize(1).allMatch(a -> BlockAffinity.CONFIRMED.equals(a.spec().state()));
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void consistencyCheckFindsAndRepairsDamage() {
        ipam.createPool(IPPool.of("pool-a", "10.140.0.0/24", 28));
        Assignment a = one("ctr-1", "node-1").getFirst();
        one("ctr-2", "node-1");
        // Damage: lose a handle record, leave a dangling handle, a confirmed affinity without block, drop an owner's affinity.
        store.delete(ipam.keys().handle("ctr-1"));
        store.put(ipam.keys().handle("ghost"), Resources.toJson(new io.muslin.datastore.model.IPAMHandle(ObjectMeta.named("ghost"),
                new io.muslin.datastore.model.IPAMHandle.Spec("ghost", Map.of("10.140.0.0/28", 1), null))));
        store.put(ipam.keys().affinity("node-9", IpPrefix.parse("10.140.0.240/28")), Resources.toJson(new BlockAffinity(
                ObjectMeta.named("x"), new BlockAffinity.Spec(BlockAffinity.CONFIRMED, "node-9", "10.140.0.240/28", null))));
        store.delete(ipam.keys().affinity("node-1", a.block()));
        ConsistencyReport r = ipam.checkConsistency();
        assertThat(r.problems()).extracting(ConsistencyReport.Problem::kind).containsExactlyInAnyOrder(
                Kind.HANDLE_MISSING, Kind.HANDLE_DANGLING, Kind.AFFINITY_WITHOUT_BLOCK, Kind.BLOCK_WITHOUT_AFFINITY);
        assertThat(r.toText()).contains("handle ctr-1").contains("4 problem(s)");
        ConsistencyReport fixed = ipam.repair();
        assertThat(fixed.repairs()).hasSize(4);
        assertThat(ipam.checkConsistency().problems()).isEmpty();
        assertThat(ipam.releaseByHandle("ctr-1")).isEqualTo(1);
        assertThat(ipam.advertisableBlocks("node-1")).containsExactly(a.block());
    }

    @Test
    void releaseOfEmptyBlockGoesThroughPendingDeletion() {
        ipam.createPool(IPPool.of("pool-a", "10.150.0.0/24", 28));
        Assignment a = one("ctr-1", "node-1").getFirst();
        assertThat(ipam.releaseBlock("node-1", a.block())).isFalse();
        assertThat(ipam.advertisableBlocks("node-1")).containsExactly(a.block());
        ipam.releaseByHandle("ctr-1");
        assertThat(ipam.releaseBlock("node-1", a.block())).isTrue();
        assertThat(ipam.advertisableBlocks("node-1")).isEmpty();
        assertThat(store.get(ipam.keys().block(a.block()))).isEmpty();
        assertThat(ipam.checkConsistency().clean()).isTrue();
        // A claim can never be confirmed for a block someone else created meanwhile.
        IpPrefix c = IpPrefix.parse("10.150.0.16/28");
        assertThat(store.commit(Txn.builder().when(Compare.absent(ipam.keys().block(c)))
                .then(Op.put(ipam.keys().block(c), Resources.toJson(BlockOps.empty(c, "node-x")))).build()).succeeded()).isTrue();
        assertThat(new Claims(new IpamContext(store, new IpamOptions(root, Duration.ZERO, Duration.ofSeconds(5), now::get)))
                .tryClaim("node-y", c)).isEmpty();
        assertThat(store.get(ipam.keys().affinity("node-y", c))).isEmpty();
    }

    @Test
    void aLeakedAddressIsReleasedOnlyWhenSeenTwiceGraceApart() {
        ipam.createPool(IPPool.of("pool-a", "10.110.0.0/24", 28));
        IpAddress leaked = one("leak", "node-a").getFirst().address();
        IpAddress kept = one("kept", "node-a").getFirst().address();
        IpAddress recovers = one("late", "node-a").getFirst().address();
        IpAddress otherNode = one("other", "node-b").getFirst().address();
        java.util.Set<String> live = new java.util.HashSet<>(java.util.Set.of("kept"));
        NodeCollector gc = ipam.nodeCollector("node-a", Duration.ofMinutes(10));
        Liveness liveness = a -> live.contains(a.handleId());

        NodeCollector.Result first = gc.collect(liveness);
        assertThat(first.addressesReleased()).isEmpty();
        assertThat(first.leakSuspects()).isEqualTo(2); // leak and late; node-b's address is not node-a's business
        now.set(now.get().plusSeconds(300));
        assertThat(gc.collect(liveness).addressesReleased()).isEmpty();
        live.add("late"); // its pod showed up after all
        now.set(now.get().plusSeconds(300));
        NodeCollector.Result third = gc.collect(liveness);
        assertThat(third.addressesReleased()).containsExactly(leaked);
        assertThat(third.leakSuspects()).isZero();
        assertThat(ipam.allocations()).extracting(Allocation::address).containsExactlyInAnyOrder(kept, recovers, otherNode);
        // "late" dies now: a new observation starts its grace period from here.
        live.remove("late");
        assertThat(gc.collect(liveness).addressesReleased()).isEmpty();
        now.set(now.get().plusSeconds(599));
        assertThat(gc.collect(liveness).addressesReleased()).isEmpty();
        now.set(now.get().plusSeconds(1));
        assertThat(gc.collect(liveness).addressesReleased()).containsExactly(recovers);
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void aReusedAddressIsNotReleasedForItsFormerHolder() {
        ipam.createPool(IPPool.of("pool-a", "10.111.0.0/28", 28));
        IpAddress ip = one("old", "node-a").getFirst().address();
        NodeCollector gc = ipam.nodeCollector("node-a", Duration.ofMinutes(1));
        Liveness onlyNew = a -> a.handleId().equals("new");
        gc.collect(onlyNew);
        ipam.releaseByHandle("old");
        ipam.assignIp(ip, "new", Map.of("pod", "new", "namespace", "default"), "node-a");
        now.set(now.get().plusSeconds(120));
        assertThat(gc.collect(onlyNew).addressesReleased()).isEmpty();
        assertThat(ipam.addressesOf("new")).containsExactly(ip);
    }

    @Test
    void emptyBlocksBeyondTheNodesLastAreReleasedAfterTheGracePeriod() {
        ipam.createPool(IPPool.of("pool-a", "10.112.0.0/24", 28)); // blocks of 16
        for (int i = 0; i < 17; i++) {
            one("p" + i, "node-a");
        }
        List<IpPrefix> two = ipam.advertisableBlocks("node-a").stream().sorted().toList();
        assertThat(two).hasSize(2);
        NodeCollector gc = ipam.nodeCollector("node-a", Duration.ofMinutes(10));
        Liveness all = a -> true;
        assertThat(gc.collect(all).emptyBlocksWaiting()).isZero();
        for (int i = 0; i < 17; i++) {
            ipam.releaseByHandle("p" + i);
        }
        NodeCollector.Result r = gc.collect(all);
        assertThat(r.blocksReleased()).isEmpty();
        assertThat(r.emptyBlocksWaiting()).isEqualTo(1); // one of the two stays anyway
        now.set(now.get().plusSeconds(600));
        r = gc.collect(all);
        assertThat(r.blocksReleased()).containsExactly(two.get(1));
        assertThat(ipam.advertisableBlocks("node-a")).containsExactly(two.get(0));
        now.set(now.get().plusSeconds(6000));
        assertThat(gc.collect(all).blocksReleased()).isEmpty();
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }

    @Test
    void departedNodesAreReleasedWhenSeenMissingTwiceGraceApart() {
        ipam.createPool(IPPool.of("pool-a", "10.113.0.0/24", 28));
        one("a1", "node-a");
        one("b1", "node-b");
        NodeCollector gc = ipam.nodeCollector("node-a", Duration.ofMinutes(10));
        assertThatThrownBy(() -> gc.releaseDeparted(java.util.Set.of("node-b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not include this node node-a");
        NodeCollector.DepartedResult first = gc.releaseDeparted(java.util.Set.of("node-a"));
        assertThat(first.released()).isEmpty();
        assertThat(first.waiting()).isEqualTo(1);
        now.set(now.get().plusSeconds(600));
        NodeCollector.DepartedResult second = gc.releaseDeparted(java.util.Set.of("node-a"));
        assertThat(second.released()).extracting(Ipam.NodeRelease::node).containsExactly("node-b");
        assertThat(ipam.advertisableBlocks("node-b")).isEmpty();
        assertThat(ipam.allocations()).extracting(a -> a.handleId()).containsExactly("a1");
        assertThat(ipam.checkConsistency().clean()).isTrue();
    }
}
