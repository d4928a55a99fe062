package io.muslin.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.CodecContext;
import io.muslin.bgp.wire.Keepalive;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.Open;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.testing.Await;
import io.muslin.testing.Prerequisites;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two Muslin speakers on loopback addresses, real TCP through Netty. */
class LoopbackSessionTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void establishesAndExchangesRoutesBothWays() throws Exception {
        try (LoopbackSpeaker a = new LoopbackSpeaker("127.0.0.1", 64512,
                List.of(IpPrefix.parse("10.244.1.0/26"), IpPrefix.parse("fd00:10:244:1::/64")));
             LoopbackSpeaker b = new LoopbackSpeaker("127.0.0.2", 4200000002L, List.of(IpPrefix.parse("10.244.2.0/26")))) {
            BgpPeer ab = a.peerWith(b, null);
            BgpPeer ba = b.peerWith(a, null);
            Await.until(WAIT, "both Established", () -> ab.state() == SessionState.ESTABLISHED
                    && ba.state() == SessionState.ESTABLISHED);
            Await.until(WAIT, "b has a's two routes", () -> b.received("127.0.0.1").size() == 2);
            Await.until(WAIT, "a has b's route", () -> a.received("127.0.0.2").size() == 1);
            assertThat(b.received("127.0.0.1").get(IpPrefix.parse("fd00:10:244:1::/64")).nextHops())
                    .containsExactly(IpAddress.parse("fd00::1"));
            assertThat(a.received("127.0.0.2").values()).singleElement().satisfies(r -> {
                assertThat(r.nextHops()).containsExactly(IpAddress.parse("192.0.2.2"));
                assertThat(r.asPath()).isEqualTo(io.muslin.bgp.wire.PathAttribute.AsPath.sequence(4200000002L));
            });
            assertThat(ab.negotiated().fourOctetAs()).isTrue();
            assertThat(ab.negotiated().external()).isTrue();
        }
    }

    @Test
    void md5WithMatchingKeysEstablishesAndWithWrongKeysDoesNot() throws Exception {
        try (LoopbackSpeaker a = new LoopbackSpeaker("127.0.0.3", 64512, List.of());
             LoopbackSpeaker b = new LoopbackSpeaker("127.0.0.4", 64512, List.of());
             LoopbackSpeaker c = new LoopbackSpeaker("127.0.0.5", 64512, List.of())) {
            String noEpoll = Transport.epollUnavailableReason();
            Prerequisites.require(noEpoll == null ? null : "TCP MD5 needs Netty's epoll transport: " + noEpoll);
            BgpPeer ab = a.peerWith(b, "secret");
            b.peerWith(a, "secret");
            BgpPeer ac = a.peerWith(c, "secret");
            BgpPeer ca = c.peerWith(a, "wrong");
            long failuresBefore = md5Failures();
            Await.until(WAIT, "a-b Established with MD5", () -> ab.state() == SessionState.ESTABLISHED);
            // Why a-c stays down: the kernel drops their segments for a wrong signature (counted in
            // TcpExtTCPMD5Failure), rather than the session merely not being up yet.
            Await.until(WAIT, "segments between a and c dropped for their MD5 signature", () -> md5Failures() >= failuresBefore + 2);
            assertThat(ac.state()).isNotEqualTo(SessionState.ESTABLISHED);
            assertThat(ca.state()).isNotEqualTo(SessionState.ESTABLISHED);
            assertThat(ca.messagesReceived()).isZero();
        }
    }

    @Test
    void malformedInputFromOnePeerDoesNotDisturbAnother() throws Exception {
        try (LoopbackSpeaker a = new LoopbackSpeaker("127.0.0.6", 64512, List.of(IpPrefix.parse("10.244.6.0/26")));
             LoopbackSpeaker b = new LoopbackSpeaker("127.0.0.7", 64512, List.of(IpPrefix.parse("10.244.7.0/26")))) {
            BgpPeer ab = a.peerWith(b, null);
            b.peerWith(a, null);
            Await.until(WAIT, "a-b Established", () -> ab.state() == SessionState.ESTABLISHED);
            Await.until(WAIT, "a has b's route", () -> a.received("127.0.0.7").size() == 1);
            // A raw peer at 127.0.0.8 that speaks correctly, then sends an UPDATE with a bad length field.
            a.addPeer(PeerSpec.of(addr("127.0.0.8"), 64512).withSession(SessionSpec.of(64512).withPassive(true)));
            try (Socket raw = new Socket()) {
                raw.bind(new InetSocketAddress("127.0.0.8", 0));
                raw.connect(a.listening);
                OutputStream out = raw.getOutputStream();
                out.write(MessageEncoder.toBytes(Open.of(64512, 90, 0x7F000008, List.of(new Capability.FourOctetAs(64512))),
                        CodecContext.INITIAL));
                out.write(MessageEncoder.toBytes(Keepalive.INSTANCE, CodecContext.INITIAL));
                DataInputStream in = new DataInputStream(raw.getInputStream());
                readMessage(in); // OPEN
                readMessage(in); // KEEPALIVE
                Await.until(WAIT, "raw peer Established", () -> a.speaker.peer(addr("127.0.0.8")).state() == SessionState.ESTABLISHED);
                byte[] bad = io.muslin.bgp.wire.Wire2.update(new byte[] {0, 9, 0, 0});
                out.write(bad);
                byte[] notification = readUntilNotification(in);
                assertThat(notification[19]).isEqualTo((byte) 3); // UPDATE message error
                assertThat(notification[20]).isEqualTo((byte) 1); // malformed attribute list
            }
            Await.until(WAIT, "raw peer down", () -> a.speaker.peer(addr("127.0.0.8")).state() != SessionState.ESTABLISHED);
            assertThat(ab.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(a.received("127.0.0.7")).hasSize(1);
        }
    }

    static IpAddress addr(String s) {
        return IpAddress.parse(s);
    }

    static byte[] readMessage(DataInputStream in) throws Exception {
        byte[] header = new byte[19];
        in.readFully(header);
        int len = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        byte[] all = new byte[len];
        System.arraycopy(header, 0, all, 0, 19);
        in.readFully(all, 19, len - 19);
        return all;
    }

    static byte[] readUntilNotification(DataInputStream in) throws Exception {
        while (true) {
            byte[] m = readMessage(in);
            if (m[18] == 3) {
                return m;
            }
        }
    }

    /** This network namespace's count of TCP segments dropped for a wrong MD5 signature (read only). */
    private static long md5Failures() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                    List<String> names = List.of(lines.get(i).split("\\s+"));
                    int at = names.indexOf("TCPMD5Failure");
                    if (at < 0) {
                        throw new AssertionError("this kernel counts no TCPMD5Failure");
                    }
                    return Long.parseLong(lines.get(i + 1).split("\\s+")[at]);
                }
            }
            throw new AssertionError("no TcpExt counters in /proc/net/netstat");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
