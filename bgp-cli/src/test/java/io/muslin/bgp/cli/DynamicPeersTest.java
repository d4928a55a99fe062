package io.muslin.bgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.config.ConfigException;
import io.muslin.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Peers added, re-configured and removed at runtime while another session carries on untouched. */
class DynamicPeersTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String speaker(String ip, long as, int port, String peers, String extra) {
        return """
                asNumber: %d
                routerId: %s
                listen: {address: %s, port: %d}
                nextHopIPv4: 192.0.2.%s
                connectRetry: 1
                %s
                peers:
                %s
                """.formatted(as, ip, ip, port, ip.substring(ip.lastIndexOf('.') + 1), extra, peers);
    }

    static String peer(String ip, long as, int port, String local, String more) {
        return "  - {address: %s, asNumber: %d, port: %d, localAddress: %s%s}".formatted(ip, as, port, local, more);
    }

    @Test
    void addingChangingAndRemovingPeersLeavesTheOthersAlone() throws Exception {
        int pa = freePort(), pb = freePort(), pc = freePort();
        String filters = """
                filters:
                  - name: none
                    rules: [{action: Reject}]
                """;
        SpeakerConfig a1 = SpeakerConfig.parse(speaker("127.0.0.51", 64512, pa,
                peer("127.0.0.52", 65002, pb, "127.0.0.51", ""), filters + "originate: [10.244.51.0/26]"));
        SpeakerConfig b = SpeakerConfig.parse(speaker("127.0.0.52", 65002, pb,
                peer("127.0.0.51", 64512, pa, "127.0.0.52", ""), "originate: [10.244.52.0/26, 10.244.52.64/26]"));
        SpeakerConfig c = SpeakerConfig.parse(speaker("127.0.0.53", 65003, pc,
                peer("127.0.0.51", 64512, pa, "127.0.0.53", ""), "originate: [10.244.53.0/26]"));
        ByteArrayOutputStream eventsA = new ByteArrayOutputStream();
        try (StandaloneSpeaker sa = new StandaloneSpeaker(a1, false, new PrintStream(eventsA, true, StandardCharsets.UTF_8), Runnable::run);
             StandaloneSpeaker sb = new StandaloneSpeaker(b, false, new PrintStream(new ByteArrayOutputStream()), Runnable::run);
             StandaloneSpeaker sc = new StandaloneSpeaker(c, false, new PrintStream(new ByteArrayOutputStream()), Runnable::run)) {
            sa.start();
            sb.start();
            sc.start();
            Await.until(WAIT, "a learns b's routes", () -> accepted(sa, "127.0.0.52") == 2);
            long upSince = sa.peer("127.0.0.52").establishedAtMillis();
            long bStateChanges = stateChanges(eventsA, "127.0.0.52");

            // Add c, and give b an import filter that rejects everything: no session is reset.
            SpeakerConfig a2 = SpeakerConfig.parse(speaker("127.0.0.51", 64512, pa,
                    peer("127.0.0.52", 65002, pb, "127.0.0.51", ", importFilters: [none]") + "\n"
                            + peer("127.0.0.53", 65003, pc, "127.0.0.51", ""), filters + "originate: [10.244.51.0/26]"));
            sa.apply(a2);
            Await.until(WAIT, "c added and established", () -> sa.peer("127.0.0.53") != null
                    && sa.peer("127.0.0.53").state() == SessionState.ESTABLISHED);
            Await.until(WAIT, "b's routes filtered out without a reset", () -> accepted(sa, "127.0.0.52") == 0);
            Await.until(WAIT, "a learns c's route", () -> accepted(sa, "127.0.0.53") == 1);
            assertThat(sa.peer("127.0.0.52").establishedAtMillis()).isEqualTo(upSince);
            assertThat(stateChanges(eventsA, "127.0.0.52")).isEqualTo(bStateChanges);

            // Remove c again: it gets Cease 6/3 (peer de-configured), b carries on.
            sa.apply(a1);
            Await.until(WAIT, "c removed", () -> sa.peer("127.0.0.53") == null);
            Await.until(WAIT, "c saw the Cease", () -> sc.peer("127.0.0.51").lastDownReason().startsWith("notification-received 6/3"));
            Await.until(WAIT, "b's routes back without the filter", () -> accepted(sa, "127.0.0.52") == 2);
            assertThat(sa.peer("127.0.0.52").establishedAtMillis()).isEqualTo(upSince);
            assertThat(accepted(sa, "127.0.0.53")).isZero();
        }
    }

    @Test
    void aChangeThatNeedsARestartIsRefusedAndNamed() throws Exception {
        SpeakerConfig a = SpeakerConfig.parse("asNumber: 64512\nrouterId: 127.0.0.61\nlisten: false\n");
        try (StandaloneSpeaker s = new StandaloneSpeaker(a, false, new PrintStream(new ByteArrayOutputStream()), Runnable::run)) {
            s.start();
            ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                    () -> s.apply(SpeakerConfig.parse("asNumber: 64513\nrouterId: 127.0.0.61\nlisten: false\n")));
            assertThat(e.field()).isEqualTo("asNumber");
        }
    }

    static int accepted(StandaloneSpeaker s, String peer) {
        return s.speaker().rib().query(core -> core.acceptedFrom(peer).size()).join();
    }

    static long stateChanges(ByteArrayOutputStream events, String peer) {
        return events.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"event\":\"state\"") && l.contains("\"peer\":\"" + peer + "\"")).count();
    }
}
