import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The ingest benchmark's BGP peer: builds all UPDATEs in memory first (IPv4 /32s packed into
 * 4096-octet UPDATEs, one attribute set: ORIGIN IGP, AS_PATH [our AS], NEXT_HOP us), then connects,
 * does OPEN/KEEPALIVE as a minimal eBGP peer (4-octet AS and multiprotocol IPv4 unicast
 * capabilities), and writes every UPDATE and an End-of-RIB with large blocking writes. Sending
 * costs almost nothing, so the time until the receiver's RIB is full is the receiver's.
 *
 * <p>Prints, on standard output, lines the driver reads ({@code key value}): {@code built},
 * {@code established}, and once everything is written {@code first-update-ns} (System.nanoTime,
 * i.e. CLOCK_MONOTONIC, taken just before the first UPDATE byte was written), {@code written-ns}
 * (after the kernel took the last byte) and {@code send-cpu-ns} (this process's CPU time spent
 * between the two). Then it stays connected, sending KEEPALIVEs every hold/3 and reading (and
 * discarding) what the receiver sends, until killed. A NOTIFICATION or a closed connection ends
 * it with exit status 3.
 *
 * <p>Usage: {@code java Feeder.java --connect ADDR --local ADDR --as N --count N
 * [--first 10.128.0.0] [--hold 240] [--port 179]}
 */
public final class Feeder {
    static final int MAX = 4096;
    static final byte UPDATE = 2, KEEPALIVE = 4, OPEN = 1, NOTIFICATION = 3;

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        InetAddress peer = InetAddress.ofLiteral(a.get("connect"));
        InetAddress local = InetAddress.ofLiteral(a.get("local"));
        long as = Long.parseLong(a.get("as"));
        int count = Integer.parseInt(a.get("count"));
        int first = toInt(InetAddress.ofLiteral(a.getOrDefault("first", "10.128.0.0")).getAddress());
        int hold = Integer.parseInt(a.getOrDefault("hold", "240"));
        int port = Integer.parseInt(a.getOrDefault("port", "179"));

        ByteBuffer updates = buildUpdates(count, first, as, local.getAddress());
        int messages = (count + perUpdate() - 1) / perUpdate();
        out("built " + count + " prefixes in " + messages + " UPDATEs, " + updates.remaining() + " octets");

        // A receiver that just dropped a session may refuse or close the next one for a moment
        // (idle hold): try again for up to 60 s. The clock starts only at the first UPDATE.
        SocketChannel ch = null;
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        int negotiated = 0;
        for (long giveUp = System.nanoTime() + 60_000_000_000L; ch == null; ) {
            SocketChannel c = SocketChannel.open();
            try {
                negotiated = establish(c, in, new InetSocketAddress(local, 0), new InetSocketAddress(peer, port), as, hold,
                        local.getAddress());
                ch = c;
            } catch (IOException e) {
                c.close();
                in.clear();
                if (System.nanoTime() > giveUp) {
                    fail("no session: " + e.getMessage());
                }
                out("retry " + e.getMessage());
                Thread.sleep(500);
            }
        }
        out("established hold " + negotiated);
        long keepaliveEvery = negotiated == 0 ? Long.MAX_VALUE : negotiated * 1_000_000_000L / 3;
        SocketChannel session = ch;
        Thread reader = Thread.ofPlatform().daemon().name("reader").start(() -> drain(session, in));

        // Large writes, cut at message boundaries so a KEEPALIVE can go between them when due.
        long cpuBefore = cpuNanos();
        long firstNs = System.nanoTime();
        long lastKeepalive = firstNs;
        int chunk = 1 << 20;
        while (updates.hasRemaining()) {
            int end = Math.min(updates.limit(), updates.position() + chunk);
            end = updates.position() + ((end - updates.position()) / MAX) * MAX;
            if (end == updates.position()) {
                end = updates.limit();
            }
            ByteBuffer slice = updates.slice(updates.position(), end - updates.position());
            writeAll(ch, slice);
            updates.position(end);
            if (System.nanoTime() - lastKeepalive > keepaliveEvery) {
                writeAll(ch, ByteBuffer.wrap(header(19, KEEPALIVE)));
                lastKeepalive = System.nanoTime();
            }
        }
        writeAll(ch, ByteBuffer.wrap(endOfRib()));
        long writtenNs = System.nanoTime();
        out("first-update-ns " + firstNs);
        out("written-ns " + writtenNs);
        out("send-cpu-ns " + (cpuNanos() - cpuBefore));
        while (reader.isAlive()) {
            Thread.sleep(Math.min(keepaliveEvery / 1_000_000, 1000));
            if (System.nanoTime() - lastKeepalive > keepaliveEvery) {
                writeAll(ch, ByteBuffer.wrap(header(19, KEEPALIVE)));
                lastKeepalive = System.nanoTime();
            }
        }
        System.exit(3);
    }

    /** Connects, exchanges OPENs and KEEPALIVEs; returns the negotiated hold time. */
    static int establish(SocketChannel ch, ByteBuffer in, InetSocketAddress local, InetSocketAddress peer, long as, int hold,
            byte[] id) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(local);
        ch.connect(peer);
        writeAll(ch, ByteBuffer.wrap(open(as, hold, id)));
        byte[] peerOpen = readMessage(ch, in);
        if (peerOpen[18] != OPEN) {
            throw new IOException("expected OPEN, got type " + peerOpen[18] + notification(peerOpen));
        }
        int peerHold = ((peerOpen[22] & 0xFF) << 8) | (peerOpen[23] & 0xFF);
        writeAll(ch, ByteBuffer.wrap(header(19, KEEPALIVE)));
        while (true) {
            byte[] m = readMessage(ch, in);
            if (m[18] == KEEPALIVE) {
                return Math.min(hold, peerHold);
            }
            if (m[18] == NOTIFICATION) {
                throw new IOException("NOTIFICATION before Established" + notification(m));
            }
        }
    }

    /** /32 NLRI are 5 octets; the rest of a 4096-octet UPDATE is header and the 20 attribute octets. */
    static int perUpdate() {
        return (MAX - 19 - 2 - 2 - 20) / 5;
    }

    static ByteBuffer buildUpdates(int count, int first, long as, byte[] nextHop) {
        int per = perUpdate();
        int messages = (count + per - 1) / per;
        ByteBuffer b = ByteBuffer.allocateDirect(messages * MAX);
        byte[] attrs = {
            0x40, 1, 1, 0,                                  // ORIGIN IGP
            0x40, 2, 6, 2, 1, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as, // AS_PATH SEQ [as]
            0x40, 3, 4, nextHop[0], nextHop[1], nextHop[2], nextHop[3] // NEXT_HOP
        };
        int done = 0;
        while (done < count) {
            int n = Math.min(per, count - done);
            int len = 19 + 2 + 2 + attrs.length + 5 * n;
            b.put(header(len, UPDATE));
            b.putShort((short) 0);
            b.putShort((short) attrs.length);
            b.put(attrs);
            for (int i = 0; i < n; i++) {
                b.put((byte) 32);
                b.putInt(first + done + i);
            }
            done += n;
        }
        return b.flip();
    }

    static byte[] open(long as, int hold, byte[] id) {
        byte[] caps = {
            2, 12,                                           // optional parameter: capabilities, 12 octets
            1, 4, 0, 1, 0, 1,                                // multiprotocol IPv4 unicast
            65, 4, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as // 4-octet AS
        };
        int len = 19 + 10 + caps.length;
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(header(len, OPEN));
        b.put((byte) 4);
        b.putShort((short) (as > 0xFFFF ? 23456 : as));
        b.putShort((short) hold);
        b.put(id);
        b.put((byte) caps.length);
        b.put(caps);
        return b.array();
    }

    static byte[] endOfRib() {
        ByteBuffer b = ByteBuffer.allocate(23);
        b.put(header(23, UPDATE));
        b.putInt(0);
        return b.array();
    }

    static byte[] header(int length, byte type) {
        byte[] h = new byte[19];
        java.util.Arrays.fill(h, 0, 16, (byte) 0xFF);
        h[16] = (byte) (length >>> 8);
        h[17] = (byte) length;
        h[18] = type;
        return h;
    }

    /** Reads and discards everything (KEEPALIVEs, the receiver's End-of-RIB); ends on NOTIFICATION or close. */
    static void drain(SocketChannel ch, ByteBuffer in) {
        try {
            while (true) {
                byte[] m = readMessage(ch, in);
                if (m[18] == NOTIFICATION) {
                    out("notification" + notification(m));
                    return;
                }
            }
        } catch (IOException e) {
            out("closed " + e.getMessage());
        }
    }

    static byte[] readMessage(SocketChannel ch, ByteBuffer in) throws IOException {
        while (true) {
            if (in.position() >= 19) {
                int len = ((in.get(16) & 0xFF) << 8) | (in.get(17) & 0xFF);
                if (in.position() >= len) {
                    byte[] m = new byte[len];
                    in.flip();
                    in.get(m);
                    in.compact();
                    return m;
                }
            }
            if (ch.read(in) < 0) {
                throw new IOException("connection closed by the receiver");
            }
        }
    }

    static void writeAll(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static String notification(byte[] m) {
        return m[18] == NOTIFICATION && m.length >= 21 ? " NOTIFICATION " + (m[19] & 0xFF) + "/" + (m[20] & 0xFF) : "";
    }

    /** CPU time of this whole process (all threads), from /proc/self/stat via ProcessHandle. */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    static int toInt(byte[] a) {
        return ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }

    static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void fail(String why) {
        out("failed " + why);
        System.exit(3);
    }
}
