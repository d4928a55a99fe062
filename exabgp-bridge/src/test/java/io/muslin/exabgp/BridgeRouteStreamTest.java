package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.contract.RouteStreamContract;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ExaBGP bridge against the route-stream contract the embedded speaker passes (real ExaBGP
 * 4.2 in one namespace, real BIRD 2 in the other), and what only the bridge has: ExaBGP killed
 * by its PID and restarted by the supervisor, and lines that are not events.
 */
class BridgeRouteStreamTest extends RouteStreamContract {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private ExabgpBridge bridge;
    private Speaker speaker;

    @Override
    protected String missingPrerequisite() {
        return Prerequisites.executableReason("exabgp", "/usr/sbin/exabgp");
    }

    /**
     * The API relay started through a shell that puts a line that is not JSON into ExaBGP's event
     * stream after its first event: every test of this class runs with it, through the real relay
     * and the real socket.
     */
    private static Path garbageInjectingPython(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path wrapper = dir.resolve("python-with-garbage");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "( IFS= read -r first; printf '%s\\n' \"$first\"; printf 'this is not JSON {\\n'; cat ) | exec /usr/bin/python3 \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    @Override
    protected Source start(Netns ours, Path dir, LocRibListener listener) throws IOException {
        PeerSpec bird = new PeerSpec(IpAddress.parse(THEIRS), "bird", SessionSpec.of(THEIR_AS)
                .withLocalAddress(IpAddress.parse(OURS)).withFamilies(List.of(AfiSafi.IPV4_UNICAST)).withHoldTime(9),
                PeerPolicy.DEFAULT);
        speaker = new Speaker(DesiredState.of(SpeakerSettings.of(OUR_AS, IpAddress.parse(OURS))));
        speaker.subscribe(listener);
        try {
            speaker.start();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        bridge = new ExabgpBridge(speaker, ExabgpSettings.of(dir, OUR_AS, IpAddress.parse(OURS),
                        List.of(new ExabgpNeighbor(bird, false)))
                .withLauncher(List.of("ip", "netns", "exec", ours.name()))
                .withRestart(Duration.ofMillis(200), Duration.ofSeconds(2))
                .withPython(garbageInjectingPython(dir)));
        bridge.start();
        return new Source() {
            @Override
            public Speaker speaker() {
                return speaker;
            }

            @Override
            public void close() {
                bridge.close();
                speaker.close();
            }
        };
    }

    private boolean established() {
        return speaker.peerStatus(IpAddress.parse(THEIRS)).orElseThrow().state() == SessionState.ESTABLISHED;
    }

    private boolean learned(int n) {
        return speaker.peerStatus(IpAddress.parse(THEIRS)).orElseThrow().prefixesReceived() == n;
    }

    @Test
    void exabgpKilledIsRestartedAndRelearnsAndReannounces() throws Exception {
        speaker.apply(speaker.desired().withOriginated(List.of(OriginatedRoute.of(IpPrefix.parse("10.99.1.0/24")))));
        Await.until(WAIT, "our route at BIRD and BIRD's two at us", () -> learned(2)
                && bird.routesFromUs().equals(Set.of("10.99.1.0/24 via " + OURS)));
        long pid = bridge.status().pid();
        assertThat(pid).isPositive();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        Await.until(WAIT, "BIRD's routes dropped when ExaBGP died", () -> learned(0) && !established());
        Await.until(WAIT, "ExaBGP restarted by the supervisor", () -> bridge.status().restarts() >= 1
                && bridge.status().pid() > 0 && bridge.status().pid() != pid);
        Await.until(WAIT, "BIRD's routes learned again", () -> established() && learned(2));
        Await.until(WAIT, "our route announced again to BIRD", () -> bird.routesFromUs().equals(Set.of("10.99.1.0/24 via " + OURS)));
        assertThat(bridge.status().lastExitCode()).isNotNull();
        assertThat(bridge.status().process()).isEqualTo(ExabgpProcess.State.RUNNING);
    }

    @Test
    void linesThatAreNotEventsAreSkippedAndTheBridgeGoesOn() throws Exception {
        Await.until(WAIT, "BIRD's routes learned", () -> learned(2));
        // The line the relay's shell put after ExaBGP's first event came through the socket.
        assertThat(bridge.status().linesSkipped()).isEqualTo(1);
        assertThat(bridge.status().lastSkipped()).startsWith("not JSON");
        long skipped = bridge.status().linesSkipped();
        bridge.handle("this is not JSON");
        bridge.handle("{\"exabgp\": \"4.0.1\", \"type\": \"update\", \"neighbor\": {\"address\": {\"peer\": \"10.78.0.2\"}, "
                + "\"message\": {\"update\": {\"announce\": {\"ipv4 unicast\": {\"10.78.0.2\": [{\"nlri\": \"300.0.0.0/8\"}]}}}}}}");
        bridge.handle("{\"exabgp\": \"4.0.1\", \"type\": \"state\", \"neighbor\": {\"address\": {\"peer\": \"192.0.2.9\"}, "
                + "\"state\": \"down\"}}");
        assertThat(bridge.status().linesSkipped()).isEqualTo(skipped + 3);
        assertThat(bridge.status().lastSkipped()).contains("192.0.2.9");

        bird.announce(List.of("10.88.1.0/24", "10.88.2.0/24", "10.88.3.0/24"));
        Await.until(WAIT, "a new route from BIRD after the bad lines", () -> learned(3));
        assertThat(bridge.status().apiConnected()).isTrue();
        assertThat(bridge.status().restarts()).isZero();
    }
}
