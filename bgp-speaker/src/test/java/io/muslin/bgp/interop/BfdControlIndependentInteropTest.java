package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.bfd.BfdPacket;
import io.muslin.bgp.bfd.BfdState;
import io.muslin.bgp.bfd.Diagnostic;
import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.net.IpAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The C bit (RFC 5880 §4.1, RFC 5882 §4.3.2) while a peer restarts gracefully: BIRD (graceful
 * restart on, no BFD of its own) crashes, so its routes are kept stale; then its BFD session goes
 * Down. A peer whose BFD is control-plane independent (C set) has lost its forwarding plane too,
 * so the stale routes go at once; with C clear the Down is part of the restart and they stay.
 * BIRD's BFD always sends C clear, so the BFD end in BIRD's namespace is {@link BfdResponder}, a
 * minimal RFC 5880 responder in this test that sets C as told; everything else is the real BIRD
 * and the real speaker.
 */
class BfdControlIndependentInteropTest extends InteropTopology {
    @Override
    PeerDaemon newDaemon() {
        return new Bird("  graceful restart on;\n");
    }

    @Override
    String namespacePrefix() {
        return "mbfdc-";
    }

    @Test
    void aBfdDownWithTheCBitSetWhileThePeerRestartsWithdrawsItsStaleRoutesAtOnce() throws Exception {
        crashThenBfdDown(true);
        Interop.waitFor(Duration.ofSeconds(5), "BIRD's stale IPv4 routes withdrawn", () -> received(P4).isEmpty());
        assertThat(received(P6)).as("the IPv6 peer has no BFD: its stale routes stay").hasSize(PEER6.size());
    }

    @Test
    void aBfdDownWithTheCBitClearWhileThePeerRestartsKeepsItsStaleRoutes() throws Exception {
        crashThenBfdDown(false);
        Thread.sleep(1500);
        assertThat(received(P4)).as("stale routes kept through the BFD Down").hasSize(PEER4.size());
        assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().gracefulRestart())
                .isEqualTo(PeerStatus.GracefulRestartState.PEER_RESTARTING);
    }

    /** BFD Up with the responder, BIRD killed (routes stale), the responder stopped: BFD Down. */
    private void crashThenBfdDown(boolean controlIndependent) throws Exception {
        // Single-hop BFD wants TTL 255 (RFC 5881 §5); the plain socket's TTL is set on the way out.
        p.exec("iptables", "-t", "mangle", "-A", "OUTPUT", "-p", "udp", "--dport", "3784", "-j", "TTL", "--ttl-set", "255");
        BfdResponder bfd = BfdResponder.start(p, P4, M4, controlIndependent);
        try {
            startDaemon(65001, 64512, null, 90);
            startMuslin(64512, 65001, null, 90,
                    s -> s.address().equals(IpAddress.parse(P4)) ? s.withBfd(BfdSpec.defaults()) : s);
            awaitEstablished();
            Interop.waitFor("BFD Up with the responder", () -> bfdState() == BfdState.UP);
            Interop.waitFor("BIRD's routes in the RIB", () -> received(P4).size() == PEER4.size() && received(P6).size() == PEER6.size());
            assertThat(muslin.peerStatus(IpAddress.parse(P4)).orElseThrow().bfd().remoteControlIndependent())
                    .as("the C bit Muslin read").isEqualTo(controlIndependent);

            daemon.process().destroyForcibly();
            Interop.waitFor("BIRD restarting gracefully, its routes stale", () -> muslin.peerStatus(IpAddress.parse(P4))
                    .orElseThrow().gracefulRestart() == PeerStatus.GracefulRestartState.PEER_RESTARTING);
            assertThat(received(P4)).as("kept while BFD is still Up").hasSize(PEER4.size());
            assertThat(bfdState()).isEqualTo(BfdState.UP);

            bfd.close();
            Interop.waitFor(Duration.ofSeconds(5), "BFD Down after the responder stopped", () -> bfdState() == BfdState.DOWN);
        } finally {
            bfd.close();
        }
    }

    private BfdState bfdState() {
        PeerStatus st = muslin.peerStatus(IpAddress.parse(P4)).orElseThrow();
        return st.bfd() == null ? null : st.bfd().state();
    }

    /**
     * The peer's side of one single-hop BFD session, asynchronous mode at 300 ms x 3: Down → Init
     * when it hears Down, → Up when it hears Init or Up; answers a Poll with a Final at once. Its
     * sockets are made in the peer's namespace. Closing it stops it sending, silently.
     */
    static final class BfdResponder implements AutoCloseable {
        private static final int MY_DISCRIMINATOR = 0x5eed;
        private static final long INTERVAL_US = 300_000;
        private final DatagramSocket receive;
        private final DatagramSocket send;
        private final InetSocketAddress peer;
        private final boolean controlIndependent;
        private final AtomicInteger yourDiscriminator = new AtomicInteger();
        private volatile BfdState state = BfdState.DOWN;
        private volatile boolean closed;
        private final Thread receiver;
        private final Thread sender;

        private BfdResponder(DatagramSocket receive, DatagramSocket send, InetSocketAddress peer, boolean controlIndependent) {
            this.receive = receive;
            this.send = send;
            this.peer = peer;
            this.controlIndependent = controlIndependent;
            this.receiver = Thread.ofPlatform().daemon().name("bfd-responder-rx").start(this::receiveLoop);
            this.sender = Thread.ofPlatform().daemon().name("bfd-responder-tx").start(this::sendLoop);
        }

        static BfdResponder start(io.muslin.testing.Netns ns, String local, String remote, boolean controlIndependent)
                throws Exception {
            DatagramSocket[] sockets = ns.executor().submit(() -> new DatagramSocket[] {
                new DatagramSocket(new InetSocketAddress(InetAddress.getByName(local), 3784)),
                new DatagramSocket(new InetSocketAddress(InetAddress.getByName(local), 49_999))}).get();
            return new BfdResponder(sockets[0], sockets[1], new InetSocketAddress(InetAddress.getByName(remote), 3784),
                    controlIndependent);
        }

        private void receiveLoop() {
            byte[] buf = new byte[64];
            while (!closed) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    receive.receive(d);
                    BfdPacket in = BfdPacket.decode(ByteBuffer.wrap(buf, 0, d.getLength()));
                    yourDiscriminator.set(in.myDiscriminator());
                    state = switch (in.state()) {
                        case DOWN -> state == BfdState.UP ? BfdState.DOWN : BfdState.INIT;
                        case INIT, UP -> BfdState.UP;
                        default -> BfdState.DOWN;
                    };
                    if (in.poll()) {
                        transmit(true);
                    }
                } catch (SocketException e) {
                    return;   // closed
                } catch (Exception e) {
                    // a malformed packet: ignored, as a BFD system ignores it
                }
            }
        }

        private void sendLoop() {
            while (!closed) {
                try {
                    transmit(false);
                    Thread.sleep(INTERVAL_US / 1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private synchronized void transmit(boolean fin) throws Exception {
            if (closed) {
                return;
            }
            byte[] out = new BfdPacket(Diagnostic.NONE, state, false, fin, controlIndependent, false, false, 3,
                    MY_DISCRIMINATOR, yourDiscriminator.get(), INTERVAL_US, INTERVAL_US, 0).toBytes();
            send.send(new DatagramPacket(out, out.length, peer));
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            receive.close();
            send.close();
            sender.interrupt();
        }
    }
}
