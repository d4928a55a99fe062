package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.rib.BestRoute;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RibPeer;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.rib.Selection;
import io.muslin.bgp.speaker.StopMode;
import io.muslin.bgp.wire.Capability;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) with real daemons that really crash (SIGKILL: no NOTIFICATION, the
 * kernel closes the sockets). Muslin as helper while BIRD or FRR restarts, the restart time running
 * out, and Muslin itself (a separate JVM) crashing and coming back as the restarting speaker
 * while BIRD keeps its routes.
 */
class GracefulRestartInteropTest extends InteropTopology {
    static final long PEER_AS = 65001, MUSLIN_AS = 64512;
    static final List<String> THREE = List.of("10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/24");
    static final List<String> TWO = THREE.subList(0, 2);
    static final String GONE = "10.1.3.0/24";
    static final int HTTP_PORT = 8179;

    /** Scenario 4: Muslin as its own process in namespace M. */
    Process muslinProcess;

    @Override
    String namespacePrefix() {
        return "mgr-";
    }

    @Override
    PeerDaemon newDaemon() {
        return switch (testName) {
            case "frrRestartingKeepsItsRoutesUntilEndOfRib", "muslinShuttingDownMakesFrrDropItsRoutesAtOnce" ->
                    new Frr(" bgp graceful-restart\n bgp graceful-restart preserve-fw-state\n");
            case "routesOfAPeerThatDoesNotComeBackGoWhenItsRestartTimeRunsOut" ->
                    new Bird("  graceful restart on; graceful restart time 10;");
            case "birdComingBackBeforeMuslinNoticedItDiedIsARestartToo" ->
                    new Bird("  graceful restart on; connect delay time 1;");
            // BIRD's log, with millisecond times, is the witness of when Muslin's OPEN and End-of-RIB arrived.
            case "birdKeepsMuslinsRoutesWhileMuslinRestarts" -> new Bird("  graceful restart on; debug { states, packets };");
            default -> new Bird("  graceful restart on;");
        };
    }

    DaemonConfig daemonConfig(List<String> v4) {
        return new DaemonConfig(PEER_AS, P4, P4, P6, MUSLIN_AS, M4, M6, null, 9, v4, PEER6);
    }

    @AfterEach
    void stopMuslinProcess() throws Exception {
        if (muslinProcess != null) {
            Daemons.stop(muslinProcess);
        }
        for (String f : new String[] {"muslin-1.out", "muslin-2.out"}) {
            Path log = dir.resolve(f);
            if (Files.exists(log)) {
                System.out.println("---- " + f + "\n" + Files.readString(log));
            }
        }
    }

    // ---- Muslin helps a restarting peer ---------------------------------------------------------

    @Test
    void birdRestartingKeepsItsRoutesUntilEndOfRib() throws Exception {
        daemon.start(p, dir, daemonConfig(THREE));
        peerRestartsWithOneRouteFewer(() -> ((Bird) daemon).startAgain(daemonConfig(TWO), true));
    }

    @Test
    void frrRestartingKeepsItsRoutesUntilEndOfRib() throws Exception {
        daemon.start(p, dir, daemonConfig(THREE));
        peerRestartsWithOneRouteFewer(() -> ((Frr) daemon).startAgain(daemonConfig(TWO)));
    }

    interface Restart {
        void run() throws Exception;
    }

    /**
     * The daemon announces THREE; it is killed; Muslin keeps all three as stale; it comes back
     * announcing TWO; after its End-of-RIB Muslin has exactly TWO, fresh.
     */
    void peerRestartsWithOneRouteFewer(Restart restart) throws Exception {
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        awaitReceived(THREE);
        Capability.GracefulRestart gr = peer(P4).negotiated().peerGracefulRestart();
        System.out.println(daemon.name() + "'s GR capability before the crash: " + gr);
        assertThat(gr).as(daemon.name() + " advertised graceful restart").isNotNull();
        assertThat(fromPeer(THREE)).allSatisfy((x, s) -> assertThat(s).isEqualTo("fresh"));
        LocRibLog log = new LocRibLog();
        muslin.subscribe(log);

        long killed = crashDaemon();
        Interop.waitFor("Muslin notices " + daemon.name() + " is gone", () -> peer(P4).state() != SessionState.ESTABLISHED);
        long down = System.nanoTime();
        assertThat(peer(P4).lastDownReason()).as("a crash: no NOTIFICATION").doesNotContain("notification");
        Interop.waitFor("the peer marked restarting", () -> restarting(P4));
        Thread.sleep(1500);
        assertThat(fromPeer(THREE)).as("all three kept, marked stale, while " + daemon.name() + " is down")
                .containsExactlyInAnyOrderEntriesOf(Map.of(THREE.get(0), "stale", THREE.get(1), "stale", GONE, "stale"));
        assertThat(restarting(P4)).as("status: peer-restarting").isTrue();
        assertThat(received(P6).keySet()).extracting(Object::toString).containsExactlyElementsOf(PEER6);

        restart.run();
        long restarted = System.nanoTime();
        awaitEstablished();
        Capability.GracefulRestart after = peer(P4).negotiated().peerGracefulRestart();
        System.out.println(daemon.name() + "'s GR capability after the restart: " + after);
        Interop.waitFor("the restarted " + daemon.name() + "'s End-of-RIB sweeps " + GONE, () -> !restarting(P4) && !restarting(P6));
        assertThat(fromPeer(THREE)).as("exactly the two re-announced, fresh")
                .containsExactlyInAnyOrderEntriesOf(Map.of(THREE.get(0), "fresh", THREE.get(1), "fresh"));
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactlyInAnyOrderElementsOf(TWO);
        assertThat(received(P6).keySet()).extracting(Object::toString).containsExactlyElementsOf(PEER6);
        assertThat(peer(P4).state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(peer(P4).negotiated().peerGracefulRestart().restarting()).as("the restarted peer set the R bit").isTrue();

        // The Loc-RIB stream: the two came back fresh while the third was still there (stale), and
        // only a later change (the End-of-RIB's) removed it. (The RIB delivers the changes of
        // messages that arrive together in one batch, so this is read change by change.)
        int removal = log.firstRemoval(GONE);
        assertThat(removal).as(GONE + " removed").isNotNegative();
        LocRibLog.Batch gone = log.batches.get(removal);
        assertThat(log.stepsBeforeRemoval(GONE)).as("before the End-of-RIB: the two fresh again, " + GONE + " still stale")
                .anySatisfy(state -> assertThat(state).containsEntry(THREE.get(0), "fresh").containsEntry(THREE.get(1), "fresh")
                        .containsEntry(GONE, "stale"));
        assertThat(gone.removed()).containsExactly(GONE);
        System.out.printf("%s: down %d ms after the kill; restarted; %s swept %d ms after the restart (restart time %d s)%n",
                daemon.name(), ms(killed, down), GONE, ms(restarted, gone.nanos()), gr.restartTime());
        assertThat(ms(restarted, gone.nanos())).as("swept at End-of-RIB, long before the restart time")
                .isLessThan(gr.restartTime() * 1000L / 2);
    }

    /**
     * RFC 4724 §4.2: BIRD restarted without {@code -R} says in its new OPEN that it did not keep
     * its forwarding state (F bit clear): its stale routes must go as soon as the session is back,
     * not at its End-of-RIB.
     */
    @Test
    void birdRestartedWithoutForwardingStateLosesItsStaleRoutesAtOnce() throws Exception {
        daemon.start(p, dir, daemonConfig(THREE));
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        awaitReceived(THREE);
        LocRibLog log = new LocRibLog();
        muslin.subscribe(log);
        crashDaemon();
        Interop.waitFor("the peer marked restarting", () -> restarting(P4));
        assertThat(fromPeer(THREE)).containsOnlyKeys(THREE);
        ((Bird) daemon).startAgain(daemonConfig(TWO), false);
        awaitEstablished();
        assertThat(peer(P4).negotiated().peerGracefulRestart().families())
                .allSatisfy(f -> assertThat(f.forwardingPreserved()).as("F bit").isFalse());
        Interop.waitFor("the two back", () -> fromPeer(THREE).equals(Map.of(THREE.get(0), "fresh", THREE.get(1), "fresh")));
        int removal = log.firstRemoval(GONE);
        assertThat(log.batches.get(removal).removed()).as("all stale routes dropped together when the session came back")
                .containsExactlyInAnyOrderElementsOf(THREE);
        assertThat(log.batches.subList(0, removal)).as("none sent again (fresh) before that")
                .allSatisfy(b -> assertThat(b.refreshed()).doesNotContainAnyElementsOf(THREE));
        assertThat(restarting(P4)).isFalse();
    }

    /**
     * A crash whose FIN never reaches Muslin (a power cut): Muslin's old session still looks
     * Established when the restarted BIRD connects. RFC 4724 §4.2: the new connection means the
     * peer restarted — the old session goes, its routes are kept as stale, End-of-RIB sweeps.
     * BIRD's packets on the old IPv4 connection are dropped in BIRD's namespace from just before the kill.
     */
    @Test
    void birdComingBackBeforeMuslinNoticedItDiedIsARestartToo() throws Exception {
        daemon.start(p, dir, daemonConfig(THREE));
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        awaitReceived(THREE);
        LocRibLog log = new LocRibLog();
        muslin.subscribe(log);
        String old = p.exec("ss", "-tnH", "state", "established", "src", P4).trim();
        java.util.regex.Matcher t = java.util.regex.Pattern.compile("(\\S+):(\\d+)\\s+(\\S+):(\\d+)\\s*$").matcher(old);
        assertThat(t.find()).as("BIRD's IPv4 connection: " + old).isTrue();
        p.exec("iptables", "-A", "OUTPUT", "-p", "tcp", "-s", t.group(1), "--sport", t.group(2), "-d", t.group(3),
                "--dport", t.group(4), "-j", "DROP");
        crashDaemon();
        ((Bird) daemon).startAgain(daemonConfig(TWO), true);
        Interop.waitFor("the restarted BIRD's End-of-RIB sweeps " + GONE, () -> fromPeer(THREE).equals(
                Map.of(THREE.get(0), "fresh", THREE.get(1), "fresh")));
        assertThat(peer(P4).lastDownReason()).isEqualTo("peer-restarted (new connection while established)");
        assertThat(peer(P4).state()).isEqualTo(SessionState.ESTABLISHED);
        int removal = log.firstRemoval(GONE);
        assertThat(log.stepsBeforeRemoval(GONE)).as("the old session's routes kept, stale, until the End-of-RIB")
                .anySatisfy(state -> assertThat(state).containsEntry(THREE.get(0), "fresh").containsEntry(GONE, "stale"));
        assertThat(log.batches.get(removal).removed()).containsExactly(GONE);
    }

    /**
     * RFC 8538 §5: with the N bit negotiated (FRR sends it, so do we) a deliberate end — Cease
     * Administrative Shutdown when Muslin stops — must be sent as a Hard Reset, else FRR treats it
     * as a restart and keeps Muslin's routes for the restart time.
     */
    @Test
    void muslinShuttingDownMakesFrrDropItsRoutesAtOnce() throws Exception {
        daemon.start(p, dir, daemonConfig(PEER4));
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        assertThat(peer(P4).negotiated().peerGracefulRestart().notification()).as("FRR sends the N bit").isTrue();
        Interop.waitFor("FRR has Muslin's routes", () -> {
            try {
                return daemon.prefixesFromMuslin().equals(Set.copyOf(MUSLIN_ORIGINATES));
            } catch (Exception e) {
                return false;
            }
        });
        muslin.close();
        muslin = null;
        long closed = System.nanoTime();
        // "At once" against FRR's 120 s restart time: 30 s leaves room for a loaded machine.
        Interop.waitFor(Duration.ofSeconds(30), "FRR to drop the routes of a speaker that shut down", () -> {
            try {
                return daemon.prefixesFromMuslin().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        String neighbor = ((Frr) daemon).vtysh("show bgp neighbors " + M4);
        System.out.printf("frr: Muslin's routes gone %d ms after Muslin shut down%n%s%n", ms(closed, System.nanoTime()), neighbor);
        assertThat(neighbor).contains("Hard Reset");
    }

    @Test
    void routesOfAPeerThatDoesNotComeBackGoWhenItsRestartTimeRunsOut() throws Exception {
        daemon.start(p, dir, daemonConfig(THREE));
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        awaitReceived(THREE);
        assertThat(peer(P4).negotiated().peerGracefulRestart().restartTime()).isEqualTo(10);
        LocRibLog log = new LocRibLog();
        muslin.subscribe(log);

        long killed = crashDaemon();
        Interop.waitFor("the peer marked restarting", () -> restarting(P4));
        // Half the restart time after the kill (however long noticing it took on a loaded machine).
        Thread.sleep(Math.max(0, 5000 - ms(killed, System.nanoTime())));
        assertThat(fromPeer(THREE)).as("5 s after the kill, inside the 10 s restart time: all kept, stale")
                .containsOnlyKeys(THREE).allSatisfy((x, s) -> assertThat(s).isEqualTo("stale"));
        Interop.waitFor(Duration.ofSeconds(30), "the stale routes to go", () -> fromPeer(THREE).isEmpty());
        int removal = log.firstRemoval(THREE.get(0));
        long after = ms(killed, log.batches.get(removal).nanos());
        System.out.printf("bird: stale routes removed %d ms after the kill (restart time 10 s)%n", after);
        // The lower bound is the behaviour; the upper one only says the timer, not something else, ended them.
        assertThat(after).as("not before the restart time").isGreaterThanOrEqualTo(10_000).isLessThan(25_000);
        assertThat(log.batches.get(removal).removed()).containsExactlyInAnyOrderElementsOf(THREE);
        assertThat(restarting(P4)).isFalse();
        assertThat(peer(P4).state()).isNotEqualTo(SessionState.ESTABLISHED);
    }

    // ---- Muslin restarts; BIRD helps --------------------------------------------------------------

    /**
     * Muslin (its own JVM) originates 10.244.1.0/26, 10.244.1.64/26 and fd00:10:244:1::/64, is
     * killed, and comes back with {@code restarting: true} originating all but 10.244.1.64/26. A
     * third, passive peer that never connects makes it wait out its 10 s selection deferral before
     * it sends anything: the window in which BIRD must still hold the old routes.
     */
    @Test
    void birdKeepsMuslinsRoutesWhileMuslinRestarts() throws Exception {
        daemon.start(p, dir, daemonConfig(PEER4));
        Bird bird = (Bird) daemon;
        muslinProcess = startMuslinProcess(1, false, MUSLIN_ORIGINATES);
        Interop.waitFor("BIRD has Muslin's routes", () -> fromMuslin(bird).equals(Set.copyOf(MUSLIN_ORIGINATES)));
        assertThat(bird.birdc("show protocols all muslin4")).contains("Established");

        long killed = System.nanoTime();
        muslinProcess.destroyForcibly().waitFor();
        Interop.waitFor("BIRD notices Muslin is gone", () -> !bird.birdc("show protocols muslin4").contains("Established"));
        Thread.sleep(1500);
        String during = bird.birdc("show protocols all muslin4");
        System.out.println("---- BIRD while Muslin is down\n" + during);
        assertThat(during).doesNotContain("Established").contains("Neighbor graceful restart active");
        assertThat(fromMuslin(bird)).as("BIRD keeps Muslin's routes during the gap").isEqualTo(Set.copyOf(MUSLIN_ORIGINATES));

        List<String> now = List.of("10.244.1.0/26", "fd00:10:244:1::/64");
        long started = System.nanoTime();
        Instant launched = Instant.now();
        muslinProcess = startMuslinProcess(2, true, now);
        Interop.waitFor("Muslin's sessions Established again", () -> bird.birdc("show protocols muslin4").contains("Established")
                && bird.birdc("show protocols muslin6").contains("Established"));
        JsonNode status = muslinStatus();
        String window = bird.birdc("show protocols all muslin4");
        System.out.println("---- BIRD after Muslin re-established, before its End-of-RIB\n" + window + "\n---- Muslin /status\n" + status);
        assertThat(status.path("selectionDeferred").asBoolean()).as("Muslin waits for End-of-RIBs (selection deferral)").isTrue();
        assertThat(window).contains("Neighbor graceful restart active");
        assertThat(fromMuslin(bird)).as("before Muslin's End-of-RIB BIRD still has all its routes, 10.244.1.64/26 too")
                .isEqualTo(Set.copyOf(MUSLIN_ORIGINATES));

        Interop.waitFor("BIRD drops 10.244.1.64/26 after Muslin's End-of-RIB", () -> fromMuslin(bird).equals(Set.copyOf(now)));
        long swept = System.nanoTime();
        String after = bird.birdc("show protocols all muslin4");
        System.out.println("---- BIRD after Muslin's End-of-RIB\n" + after);
        assertThat(after).contains("Established").doesNotContain("Neighbor graceful restart active");
        assertThat(muslinStatus().path("selectionDeferred").asBoolean()).isFalse();
        assertThat(bird.birdc("show route protocol muslin4 all")).contains("10.244.1.0/26");
        System.out.printf("muslin: killed; restarted %d ms later; stale 10.244.1.64/26 dropped by BIRD %d ms after the restart%n",
                ms(killed, started), ms(started, swept));

        // Timed from the restarted speaker's OPEN as BIRD logged it, not from the JVM's launch (which
        // would count the JVM's start-up as deferral). The deferral timer starts when the speaker is
        // constructed, a little before its OPEN: the End-of-RIB may come no earlier than the rest of
        // the 10 s after the OPEN.
        Instant constructed = Instant.ofEpochMilli(Long.parseLong(Files.readAllLines(dir.resolve("muslin-2.out")).stream()
                .filter(l -> l.startsWith("speaker-constructing-at-epoch-ms ")).findFirst().orElseThrow().split(" ")[1]));
        Instant open = birdLogged("muslin4: Got OPEN", launched);
        Instant endOfRib = birdLogged("muslin4: Got END-OF-RIB", open);
        long openToEor = Duration.between(open, endOfRib).toMillis();
        long constructedToOpen = Duration.between(constructed, open).toMillis();
        System.out.printf("muslin: OPEN at BIRD %d ms after the speaker was constructed (%d ms after the JVM launch);"
                + " End-of-RIB at BIRD %d ms after the OPEN%n", constructedToOpen, Duration.between(launched, open).toMillis(), openToEor);
        assertThat(constructedToOpen).as("the OPEN came while the 10 s deferral ran").isBetween(0L, 10_000L);
        assertThat(openToEor).as("End-of-RIB no earlier than the deferral's end, counted from the OPEN")
                .isGreaterThanOrEqualTo(10_000 - constructedToOpen);
    }

    /** When BIRD first logged a line containing {@code what} at or after {@code since} (its log has millisecond times). */
    Instant birdLogged(String what, Instant since) throws Exception {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
        for (String line : Files.readAllLines(dir.resolve("bird.log"))) {
            if (line.contains(what) && line.length() > 23) {
                Instant t = java.time.LocalDateTime.parse(line.substring(0, 23), f).atZone(java.time.ZoneId.systemDefault()).toInstant();
                if (!t.isBefore(since.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))) {
                    return t;
                }
            }
        }
        throw new AssertionError("BIRD logged no '" + what + "' since " + since);
    }

    /**
     * The speaker in this JVM stops with {@link StopMode#RESTART}: the TCP connections close without
     * NOTIFICATION, BIRD goes into graceful-restart helper mode and keeps Muslin's routes (stale).
     */
    @Test
    void birdKeepsMuslinsRoutesAfterAStopForRestart() throws Exception {
        daemon.start(p, dir, daemonConfig(PEER4));
        Bird bird = (Bird) daemon;
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        Interop.waitFor("BIRD has Muslin's routes", () -> fromMuslin(bird).equals(Set.copyOf(MUSLIN_ORIGINATES)));
        muslin.close(StopMode.RESTART);
        muslin = null;
        Interop.waitFor("BIRD notices Muslin is gone", () -> !bird.birdc("show protocols muslin4").contains("Established"));
        Thread.sleep(1500);
        String during = bird.birdc("show protocols all muslin4");
        System.out.println("---- BIRD after Muslin stopped for a restart\n" + during);
        assertThat(during).contains("Neighbor graceful restart active").doesNotContain("Received: Administrative shutdown");
        assertThat(fromMuslin(bird)).as("BIRD keeps Muslin's routes, stale").isEqualTo(Set.copyOf(MUSLIN_ORIGINATES));
        assertThat(events).as("no NOTIFICATION sent").noneMatch(e -> e.contains("NOTIFICATION sent"));
    }

    /** The same with {@link StopMode#FOR_GOOD}: Cease 6/2, and BIRD drops Muslin's routes at once. */
    @Test
    void birdDropsMuslinsRoutesAfterAStopForGood() throws Exception {
        daemon.start(p, dir, daemonConfig(PEER4));
        Bird bird = (Bird) daemon;
        startMuslin(MUSLIN_AS, PEER_AS, null, 9);
        awaitEstablished();
        Interop.waitFor("BIRD has Muslin's routes", () -> fromMuslin(bird).equals(Set.copyOf(MUSLIN_ORIGINATES)));
        muslin.close(StopMode.FOR_GOOD);
        muslin = null;
        long closed = System.nanoTime();
        // "At once" against BIRD's 120 s restart time: 30 s leaves room for a loaded machine.
        Interop.waitFor(Duration.ofSeconds(30), "BIRD to drop the routes of a speaker stopped for good", () -> fromMuslin(bird).isEmpty());
        String after = bird.birdc("show protocols all muslin4");
        System.out.printf("bird: Muslin's routes gone %d ms after a stop for good%n%s%n", ms(closed, System.nanoTime()), after);
        assertThat(after).doesNotContain("Neighbor graceful restart active");
    }

    /**
     * Muslin and BIRD crash together and both come back restarting (R bit set on both sides). RFC
     * 4724 §4.1: a restarting speaker does not wait for the End-of-RIB of a peer that is restarting
     * too (nor of one without GR), else each waits for the other until a timer runs out.
     */
    @Test
    void muslinAndBirdRestartingTogetherDoNotWaitForEachOther() throws Exception {
        daemon.start(p, dir, daemonConfig(PEER4));
        Bird bird = (Bird) daemon;
        muslinProcess = startMuslinProcess(1, false, MUSLIN_ORIGINATES, 30, List.of());
        Interop.waitFor("BIRD has Muslin's routes", () -> fromMuslin(bird).equals(Set.copyOf(MUSLIN_ORIGINATES)));
        muslinProcess.destroyForcibly().waitFor();
        crashDaemon();
        long start = System.nanoTime();
        bird.startAgain(daemonConfig(PEER4), true);
        muslinProcess = startMuslinProcess(2, true, MUSLIN_ORIGINATES, 30, List.of());
        Interop.waitFor(Duration.ofSeconds(40), "Muslin's deferral over and its routes in BIRD",
                () -> fromMuslin(bird).equals(Set.copyOf(MUSLIN_ORIGINATES)) && muslinAccepted() == PEER4.size() + PEER6.size());
        long took = ms(start, System.nanoTime());
        System.out.printf("muslin and bird restarting together: routes both ways %d ms after both restarted (deferral 30 s)%n", took);
        assertThat(took).as("before Muslin's 30 s selection deferral (which starts after the JVM launch measured here)").isLessThan(25_000);
    }

    /** Routes Muslin's process accepted from BIRD, from /status; -1 while deferring or unreachable. */
    int muslinAccepted() {
        try {
            JsonNode s = muslinStatus();
            if (s.path("selectionDeferred").asBoolean()) {
                return -1;
            }
            int n = 0;
            for (JsonNode peer : s.path("peers")) {
                n += peer.path("prefixesAccepted").asInt();
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    Process startMuslinProcess(int run, boolean restarting, List<String> originate) throws Exception {
        return startMuslinProcess(run, restarting, originate, 10, List.of("10.77.0.9/65009/ipv4-unicast/passive"));
    }

    /** Muslin as its own process ({@link SpeakerProcess}) in namespace M, peered with the daemon's two addresses. */
    Process startMuslinProcess(int run, boolean restarting, List<String> originate, int deferral, List<String> morePeers)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SpeakerProcess.class.getName(), Long.toString(MUSLIN_AS), M4, Integer.toString(HTTP_PORT),
                Boolean.toString(restarting), Integer.toString(deferral), String.join(",", originate),
                P4 + "/" + PEER_AS + "/ipv4-unicast", P6 + "/" + PEER_AS + "/ipv6-unicast"));
        command.addAll(morePeers);
        Process proc = m.start(dir.resolve("muslin-" + run + ".out"), command.toArray(String[]::new));
        Interop.waitFor("Muslin's /status answers", () -> {
            try {
                return proc.isAlive() && muslinStatus() != null;
            } catch (Exception e) {
                return false;
            }
        });
        return proc;
    }

    /** GET /status from the Muslin process, over a socket made in namespace M. */
    JsonNode muslinStatus() throws Exception {
        return m.executor().submit(() -> {
            try (Socket s = new Socket("127.0.0.1", HTTP_PORT)) {
                s.getOutputStream().write("GET /status HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new ObjectMapper().readTree(r.substring(r.indexOf("\r\n\r\n") + 4));
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static Set<String> fromMuslin(Bird bird) {
        try {
            return bird.prefixesFromMuslin();
        } catch (Exception e) {
            return Set.of();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** SIGKILL to the daemon (a crash); returns when it is gone, as System.nanoTime() of the kill. */
    long crashDaemon() throws Exception {
        long t = System.nanoTime();
        daemon.process().destroyForcibly();
        daemon.process().onExit().get(10, TimeUnit.SECONDS);
        return t;
    }

    void awaitReceived(List<String> v4) {
        Interop.waitFor("Muslin accepted " + daemon.name() + "'s routes", () -> received(P4).size() == v4.size()
                && received(P6).size() == PEER6.size());
        assertThat(received(P4).keySet()).extracting(Object::toString).containsExactlyInAnyOrderElementsOf(v4);
    }

    /** For each of {@code prefixes} in Muslin's Loc-RIB from the v4 peer: "stale" or "fresh" (absent: not there). */
    Map<String, String> fromPeer(List<String> prefixes) {
        return muslin.rib().query(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (String x : prefixes) {
                Selection s = c.selection(IpPrefix.parse(x));
                if (s != null && s.best().peer().name().equals(P4)) {
                    out.put(x, s.best().isStale() ? "stale" : "fresh");
                }
            }
            return out;
        }).join();
    }

    /** What /status shows as "peer-restarting (routes kept as stale)". */
    boolean restarting(String peer) {
        return muslin.rib().query(c -> {
            RibPeer rp = c.peer(IpAddress.parse(peer).toString());
            return rp != null && rp.isRestarting();
        }).join();
    }

    static long ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /**
     * Every Loc-RIB change batch, recorded on the RIB's thread: when, what was removed, and each
     * route's staleness after it; and each route's staleness after every single change.
     */
    static final class LocRibLog implements LocRibListener {
        /** @param refreshed prefixes this batch made fresh (announced again by the restarted peer) */
        record Batch(long nanos, List<String> removed, List<String> refreshed, Map<String, String> state) {
        }

        private final Map<IpPrefix, BestRoute> mirror = new HashMap<>();
        final List<Batch> batches = new CopyOnWriteArrayList<>();
        /** After each change, in order: the prefix it removed (or null) and every route's staleness. */
        private final List<Map.Entry<String, Map<String, String>>> steps = new CopyOnWriteArrayList<>();

        @Override
        public void snapshot(List<RouteChange> routes, boolean complete) {
            routes.forEach(r -> mirror.put(r.prefix(), r.best()));
        }

        @Override
        public void changes(List<RouteChange> changes) {
            List<String> removed = new ArrayList<>();
            List<String> refreshed = new ArrayList<>();
            for (RouteChange c : changes) {
                if (c.withdrawn()) {
                    mirror.remove(c.prefix());
                    removed.add(c.prefix().toString());
                } else {
                    BestRoute before = mirror.put(c.prefix(), c.best());
                    if (!c.best().stale() && before != null && before.stale()) {
                        refreshed.add(c.prefix().toString());
                    }
                }
                steps.add(new java.util.AbstractMap.SimpleImmutableEntry<>(c.withdrawn() ? c.prefix().toString() : null, state()));
            }
            batches.add(new Batch(System.nanoTime(), List.copyOf(removed), List.copyOf(refreshed), state()));
        }

        private Map<String, String> state() {
            Map<String, String> state = new HashMap<>();
            mirror.forEach((x, r) -> state.put(x.toString(), r.stale() ? "stale" : "fresh"));
            return Map.copyOf(state);
        }

        /** Every route's staleness after each change before the first that removed {@code prefix}. */
        List<Map<String, String>> stepsBeforeRemoval(String prefix) {
            List<Map<String, String>> out = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> s : steps) {
                if (prefix.equals(s.getKey())) {
                    break;
                }
                out.add(s.getValue());
            }
            return out;
        }

        int firstRemoval(String prefix) {
            for (int i = 0; i < batches.size(); i++) {
                if (batches.get(i).removed().contains(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
