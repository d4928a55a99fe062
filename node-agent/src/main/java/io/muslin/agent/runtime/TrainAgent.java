package io.muslin.agent.runtime;

import io.muslin.agent.routing.LocRibFeed;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.RoutingSettings;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.fake.FakeNetlink;
import io.muslin.routing.EncapMode;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.linux.RouteProgrammer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run for the agent's JDK AOT cache ({@code bin/muslin} runs it with
 * {@code -XX:AOTCacheOutput} and the agent's collector): a generic node's life, not a benchmark's
 * shape — two speakers on loopback addresses (127.0.0.1 and 127.0.0.2, nothing leaves this host),
 * one originating a cluster's worth of routes (2,048 /26 pod blocks and 16,384 /32s, as route
 * reflectors and ToRs hand out), withdrawing half and announcing them again; the other receiving
 * them through its Loc-RIB into a route programmer over an in-memory kernel ({@code FakeNetlink}),
 * as the agent does, and reporting status. Classes loaded and linked, and the methods' profiles,
 * go into the cache. Prints nothing.
 */
public final class TrainAgent {
    private static final long AS_A = 65001, AS_B = 64512;
    private static final IpAddress A = IpAddress.parse("127.0.0.1"), B = IpAddress.parse("127.0.0.2");

    private TrainAgent() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<OriginatedRoute> all = new ArrayList<>();
        int blocks = (10 << 24) | (64 << 16);
        for (int i = 0; i < 2048; i++) {
            all.add(OriginatedRoute.of(new IpPrefix(IpAddress.v4(blocks + (i << 6)), 26)));
        }
        int hosts = (10 << 24) | (200 << 16);
        for (int i = 0; i < 16384; i++) {
            all.add(OriginatedRoute.of(new IpPrefix(IpAddress.v4(hosts + i), 32)));
        }
        FakeNetlink kernel = new FakeNetlink();
        kernel.addInterface("eth0", 1500, "10.57.0.2/24");
        RouteProgrammer programmer = RouteProgrammer.create(kernel, kernel, PlannerConfig.DEFAULT, io.muslin.routing.reconcile.Clock.SYSTEM,
                Duration.ofSeconds(90), r -> { });
        programmer.setNode(new NodeIntent(B, List.of(new Pool(IpPrefix.parse("10.64.0.0/10"), EncapMode.NEVER,
                EncapMode.CROSS_SUBNET)), List.of(IpPrefix.parse("10.127.255.192/26")), null));
        DesiredState receiver = DesiredState.of(SpeakerSettings.of(AS_B, B).withListen(B, 0))
                .withPeers(List.of(PeerSpec.of(A, AS_A).withSession(SessionSpec.of(AS_A).withPassive(true))));
        try (Speaker b = new Speaker(receiver)) {
            b.subscribe(new LocRibFeed(programmer));
            int port = b.start().getPort();
            // A node's address as next hop (a loopback one is refused as a next hop, rightly).
            DesiredState sender = DesiredState.of(SpeakerSettings.of(AS_A, A).withListen(A, 0))
                    .withRouting(RoutingSettings.DEFAULT.withNextHops(IpAddress.parse("10.57.0.1"), null))
                    .withPeers(List.of(PeerSpec.of(B, AS_B).withSession(SessionSpec.of(AS_B).withPort(port).withLocalAddress(A))));
            try (Speaker a = new Speaker(sender.withOriginated(all))) {
                a.start();
                for (int round = 0; round < 3; round++) {
                    waitFor(programmer, kernel, all.size());
                    a.apply(sender.withOriginated(all.subList(0, all.size() / 2)));
                    waitFor(programmer, kernel, all.size() / 2);
                    a.apply(sender.withOriginated(all));
                }
                waitFor(programmer, kernel, all.size());
                b.status();
                programmer.status();
            }
        } finally {
            programmer.close();
        }
    }

    /**
     * Until the in-memory kernel holds {@code learned} routes of ours besides the blackhole; after
     * 20 s the run fails (no cache is better than one trained on nothing; a training run never hangs).
     */
    private static void waitFor(RouteProgrammer programmer, FakeNetlink kernel, int learned) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            long ours = kernel.routes().stream().filter(r -> r.protocol() == PlannerConfig.DEFAULT.protocol()).count();
            if (ours == learned + 1) {
                programmer.status();
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("training: the in-memory kernel did not reach " + (learned + 1) + " routes");
    }
}
