package io.muslin.bgp.bfd;

import io.muslin.bgp.settings.BfdSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two sessions joined back to back on a fake clock: what one sends the other receives (unless
 * the link is cut), and {@link #runFor} advances time from wake to wake.
 */
final class Wire {
    record Sent(long atMillis, String from, BfdPacket packet) {
    }

    record Change(long atMillis, String who, BfdState from, BfdState to, Diagnostic diag, boolean byRemoteAdminDown) {
    }

    final FakeClock clock = new FakeClock();
    final List<Sent> sent = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();
    final BfdSession a;
    final BfdSession b;
    boolean aToB = true;
    boolean bToA = true;
    private final List<Runnable> inFlight = new ArrayList<>();

    Wire(BfdSpec specA, BfdSpec specB) {
        Random random = new Random(42);
        a = new BfdSession(0x1111, specA, clock, random, output("a"));
        b = new BfdSession(0x2222, specB, clock, random, output("b"));
    }

    private BfdSession.Output output(String name) {
        return new BfdSession.Output() {
            @Override
            public void send(BfdSession s, BfdPacket p) {
                sent.add(new Sent(clock.millis(), name, p));
                // Through the codec, as on the wire.
                BfdPacket decoded;
                try {
                    decoded = BfdPacket.decode(java.nio.ByteBuffer.wrap(p.toBytes()));
                } catch (BfdPacket.Malformed e) {
                    throw new AssertionError(e);
                }
                boolean up = name.equals("a") ? aToB : bToA;
                BfdSession to = name.equals("a") ? b : a;
                if (up) {
                    inFlight.add(() -> to.receive(decoded));
                }
            }

            @Override
            public void stateChanged(BfdSession s, BfdState from, BfdState to, Diagnostic diag, boolean remoteAdmin) {
                changes.add(new Change(clock.millis(), name, from, to, diag, remoteAdmin));
            }
        };
    }

    /** Runs both sessions for {@code ms} of fake time, delivering packets as they are sent. */
    void runFor(long ms) {
        long end = clock.nanoTime() + ms * 1_000_000;
        while (true) {
            deliver();
            long next = Math.min(a.nextWake(), b.nextWake());
            if (next > end) {
                clock.setNanos(end);
                return;
            }
            clock.setNanos(Math.max(next, clock.nanoTime()));
            if (a.nextWake() <= clock.nanoTime()) {
                a.wake();
            }
            if (b.nextWake() <= clock.nanoTime()) {
                b.wake();
            }
        }
    }

    void deliver() {
        while (!inFlight.isEmpty()) {
            List<Runnable> now = List.copyOf(inFlight);
            inFlight.clear();
            now.forEach(Runnable::run);
        }
    }

    List<Sent> sentBy(String who, long fromMillis) {
        return sent.stream().filter(s -> s.from().equals(who) && s.atMillis() >= fromMillis).toList();
    }
}
