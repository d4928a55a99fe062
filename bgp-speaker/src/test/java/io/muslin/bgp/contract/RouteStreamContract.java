package io.muslin.bgp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.BestRoute;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rest of the agent may rely on from a source of routes, whichever runs the session:
 * BIRD's routes appear in the Loc-RIB stream with BIRD's next hop and BIRD as the source, a
 * withdrawn route leaves it, a session that ends takes all of the peer's routes with it, the
 * peer shows in {@link Speaker#status}, and our originated routes reach BIRD. Subclasses start the
 * source in namespace {@code ours} (10.78.0.1, AS 64512) peering with BIRD in {@code theirs}
 * (10.78.0.2, AS 65010).
 */
public abstract class RouteStreamContract {
    protected static final String OURS = "10.78.0.1";
    protected static final String THEIRS = "10.78.0.2";
    protected static final long OUR_AS = 64512;
    protected static final long THEIR_AS = 65010;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final IpPrefix P1 = IpPrefix.parse("10.88.1.0/24");
    private static final IpPrefix P2 = IpPrefix.parse("10.88.2.0/24");

    /** A source of routes under test; closing it stops everything it started. */
    protected interface Source extends AutoCloseable {
        Speaker speaker();
    }

    /** Starts the source with its speaker's Loc-RIB consumers added before any route arrives. */
    protected abstract Source start(Netns ours, Path dir, LocRibListener listener) throws Exception;

    /** What this source needs besides root and BIRD (an executable, ...), or null. */
    protected String missingPrerequisite() {
        return null;
    }

    @TempDir
    Path dir;
    private Netns ours;
    private Netns theirs;
    protected BirdPeer bird;
    private Source source;
    private final Map<IpPrefix, BestRoute> stream = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), Prerequisites.executableReason("bird2", "/usr/sbin/bird"),
                missingPrerequisite());
        String tag = getClass().getSimpleName().replaceAll("[^A-Z]", "").toLowerCase();
        ours = Netns.create("rsc-" + tag + "-a");
        theirs = Netns.create("rsc-" + tag + "-b");
        Netns.link(ours, "eth0", List.of(OURS + "/24"), theirs, "eth0", List.of(THEIRS + "/24"));
        Path birdDir = dir.resolve("bird");
        java.nio.file.Files.createDirectories(birdDir);
        bird = new BirdPeer(theirs, birdDir, THEIRS, THEIR_AS, OURS, OUR_AS);
        bird.start(List.of(P1.toString(), P2.toString()));
        source = start(ours, dir.resolve("source"), new LocRibListener() {
            @Override
            public void snapshot(List<RouteChange> routes, boolean complete) {
                routes.forEach(this::apply);
            }

            @Override
            public void changes(List<RouteChange> changes) {
                changes.forEach(this::apply);
            }

            private void apply(RouteChange c) {
                if (c.withdrawn()) {
                    stream.remove(c.prefix());
                } else {
                    stream.put(c.prefix(), c.best());
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
        if (bird != null) {
            bird.close();
        }
        if (theirs != null) {
            theirs.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    private PeerStatus peer() {
        return source.speaker().peerStatus(IpAddress.parse(THEIRS)).orElseThrow();
    }

    @Test
    void peerRoutesComeWithTheirNextHopAndLeaveWhenWithdrawn() throws Exception {
        Await.until(WAIT, "BIRD's two routes in the Loc-RIB stream", () -> stream.keySet().containsAll(List.of(P1, P2)));
        BestRoute r = stream.get(P1);
        assertThat(r.nextHops()).containsExactly(IpAddress.parse(THEIRS));
        assertThat(r.sourcePeer()).isEqualTo(IpAddress.parse(THEIRS));
        assertThat(r.local()).isFalse();
        assertThat(r.asPathLength()).isEqualTo(1);
        Await.until(WAIT, "the peer Established with 2 prefixes in status",
                () -> peer().state() == SessionState.ESTABLISHED && peer().prefixesReceived() == 2);

        bird.announce(List.of(P1.toString()));
        Await.until(WAIT, "the withdrawn route gone from the stream", () -> !stream.containsKey(P2));
        assertThat(stream).containsKey(P1);
    }

    @Test
    void aSessionThatEndsTakesItsRoutes() throws Exception {
        Await.until(WAIT, "BIRD's routes in the stream", () -> stream.keySet().containsAll(List.of(P1, P2)));
        bird.disable();
        Await.until(WAIT, "BIRD's routes gone after its session ended", () -> !stream.containsKey(P1) && !stream.containsKey(P2));
        Await.until(WAIT, "the peer not Established in status", () -> peer().state() != SessionState.ESTABLISHED);
        bird.enable();
        Await.until(WAIT, "BIRD's routes back after the session came back", () -> stream.keySet().containsAll(List.of(P1, P2)));
    }

    @Test
    void ourRoutesReachThePeer() throws Exception {
        Await.until(WAIT, "the session up", () -> peer().state() == SessionState.ESTABLISHED);
        Speaker s = source.speaker();
        s.apply(s.desired().withOriginated(List.of(OriginatedRoute.of(IpPrefix.parse("10.99.1.0/24")),
                OriginatedRoute.of(IpPrefix.parse("10.99.2.0/24")))));
        Await.until(WAIT, "our two routes at BIRD with our address as next hop",
                () -> bird.routesFromUs().equals(java.util.Set.of("10.99.1.0/24 via " + OURS, "10.99.2.0/24 via " + OURS)));
        s.apply(s.desired().withOriginated(List.of(OriginatedRoute.of(IpPrefix.parse("10.99.1.0/24")))));
        Await.until(WAIT, "the route we withdrew gone from BIRD",
                () -> bird.routesFromUs().equals(java.util.Set.of("10.99.1.0/24 via " + OURS)));
    }
}
