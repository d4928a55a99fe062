import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;

/**
 * The ingest benchmark's BGP peer(s). Builds every UPDATE of a table shape in memory first, then
 * connects (retrying every 20 ms, so it can start before the receiver does), does OPEN/KEEPALIVE
 * as a minimal eBGP peer (4-octet AS, multiprotocol IPv4 or IPv6 unicast) and writes everything
 * with large blocking writes, then an End-of-RIB. Shapes ({@code --shape}):
 * <ul>
 * <li>{@code a}: IPv4 /32s, one attribute set, full 4096-octet UPDATEs;</li>
 * <li>{@code b}: IPv4 /32s, every UPDATE its own attribute set (MED, community and AS_PATH vary),
 *     1-10 prefixes per UPDATE;</li>
 * <li>{@code c}: a full-table-like mix: prefix lengths /8-/32 (mostly /24), AS paths of 1-10 hops,
 *     origins, MEDs, communities and large communities, one attribute set per 1-6 prefixes;</li>
 * <li>{@code d}: the table of {@code b}, then (after the driver creates the trigger file) churn:
 *     5 waves, each withdrawing 2% of the table and announcing it again with new attributes;</li>
 * <li>{@code e}: IPv6 in MP_REACH_NLRI, half /64 and half /128, an attribute set per 1-20 prefixes;</li>
 * <li>{@code f}: {@code --peers} sessions at once (one per local address), each its own /32s
 *     in the manner of {@code b}.</li>
 * </ul>
 *
 * <p>Prints lines the driver reads ({@code key value}): {@code built}, one {@code sample JSON} per
 * sampled prefix (its final attributes), {@code marker PREFIX MED} (the last route sent, to poll
 * for), {@code established-ns} (first session up), {@code first-update-ns} (System.nanoTime, i.e.
 * CLOCK_MONOTONIC, just before the first UPDATE byte), {@code written-ns}, {@code send-cpu-ns};
 * for {@code d} also {@code churn-marker PREFIX MED} (with the other markers) and, once the churn is
 * written, {@code churn-first-ns} and {@code churn-written-ns}.
 * Then it stays connected, sending KEEPALIVEs, until killed; a NOTIFICATION or a closed
 * connection ends it with exit status 3.
 *
 * <p>Usage: {@code java Feeder.java --shape a --connect ADDR --local ADDR[,ADDR...] --as N --count N
 * [--peers 1] [--hold 240] [--port 179] [--trigger FILE] [--seed 42] [--samples 16]}
 */
public final class Feeder {
    static final int MAX = 4096;
    static final byte OPEN = 1, UPDATE = 2, NOTIFICATION = 3, KEEPALIVE = 4;
    static final long FIRST_V4 = 0x0A800000L; // 10.128.0.0

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String shape = a.getOrDefault("shape", "a");
        InetAddress peer = InetAddress.ofLiteral(a.get("connect"));
        String[] locals = a.get("local").split(",");
        long as = Long.parseLong(a.get("as"));
        int count = Integer.parseInt(a.get("count"));
        int peers = Integer.parseInt(a.getOrDefault("peers", "1"));
        int hold = Integer.parseInt(a.getOrDefault("hold", "240"));
        int port = Integer.parseInt(a.getOrDefault("port", "179"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "16"));
        if (!shape.equals("f")) {
            peers = 1;
        }
        if (locals.length < peers) {
            fail("--local has " + locals.length + " addresses for " + peers + " peers");
        }

        // Build everything first.
        List<Table> tables = new ArrayList<>();
        Table churn = null;
        switch (shape) {
            case "a" -> tables.add(Gen.single(count, as, local(locals[0])));
            case "b" -> tables.add(Gen.perUpdate(count, FIRST_V4, as, local(locals[0]), new SplittableRandom(seed), 10, 0));
            case "c" -> tables.add(Gen.fullTable(count, as, local(locals[0]), new SplittableRandom(seed)));
            case "d" -> {
                Table t = Gen.perUpdate(count, FIRST_V4, as, local(locals[0]), new SplittableRandom(seed), 10, 0);
                tables.add(t);
                churn = Gen.churn(t, count, FIRST_V4, as, local(locals[0]), new SplittableRandom(seed + 1));
            }
            case "e" -> tables.add(Gen.ipv6(count, as, local(locals[0]), new SplittableRandom(seed)));
            case "f" -> {
                int per = count / peers;
                for (int p = 0; p < peers; p++) {
                    tables.add(Gen.perUpdate(per, FIRST_V4 + (long) p * per, as, local(locals[p]),
                            new SplittableRandom(seed + p), 10, p * per));
                }
            }
            default -> fail("unknown shape " + shape);
        }
        long octets = 0;
        int messages = 0;
        for (Table t : tables) {
            octets += t.bytes.remaining();
            messages += t.messages;
        }
        out("built " + count + " prefixes in " + messages + " UPDATEs, " + octets + " octets, " + tables.size() + " peer(s)");
        // Samples: evenly spread over the whole table, with their final attributes.
        Table last = tables.getLast();
        Map<Long, Route> finalRoutes = new HashMap<>();
        for (Table t : tables) {
            finalRoutes.putAll(t.samples);
        }
        if (churn != null) {
            finalRoutes.putAll(churn.samples);
        }
        List<Long> keys = new ArrayList<>(finalRoutes.keySet());
        keys.sort(null);
        for (int i = 0; i < samples && !keys.isEmpty(); i++) {
            out("sample " + finalRoutes.get(keys.get((int) ((long) i * keys.size() / samples))).json());
        }
        out("marker " + last.marker.prefix + " " + last.marker.med);
        if (churn != null) {
            out("churn-marker " + churn.marker.prefix + " " + churn.marker.med);
        }

        // Sessions.
        boolean v6 = peer instanceof java.net.Inet6Address;
        SocketChannel[] ch = new SocketChannel[peers];
        ByteBuffer[] in = new ByteBuffer[peers];
        long negotiated = Long.MAX_VALUE;
        long giveUp = System.nanoTime() + 120_000_000_000L;
        for (int p = 0; p < peers; p++) {
            in[p] = ByteBuffer.allocate(1 << 16);
            InetAddress l = InetAddress.ofLiteral(locals[p]);
            byte[] id = p == 0 && !v6 ? l.getAddress() : new byte[] {10, (byte) 254, (byte) (p >> 8), (byte) p};
            while (ch[p] == null) {
                SocketChannel c = SocketChannel.open();
                try {
                    int h = establish(c, in[p], new InetSocketAddress(l, 0), new InetSocketAddress(peer, port), as, hold, id, v6);
                    negotiated = Math.min(negotiated, h == 0 ? Long.MAX_VALUE : h);
                    ch[p] = c;
                } catch (IOException e) {
                    c.close();
                    in[p].clear();
                    if (System.nanoTime() > giveUp) {
                        fail("no session: " + e.getMessage());
                    }
                    Thread.sleep(20);
                }
            }
            if (p == 0) {
                out("established-ns " + System.nanoTime());
            }
        }
        out("all-established-ns " + System.nanoTime());
        long keepaliveEvery = negotiated == Long.MAX_VALUE ? Long.MAX_VALUE : negotiated * 1_000_000_000L / 3;
        List<Thread> readers = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            SocketChannel s = ch[p];
            ByteBuffer b = in[p];
            readers.add(Thread.ofPlatform().daemon().name("reader-" + p).start(() -> drain(s, b)));
        }

        long cpuBefore = cpuNanos();
        long firstNs;
        if (peers == 1) {
            firstNs = System.nanoTime();
            send(ch[0], tables.getFirst().bytes, keepaliveEvery, v6);
        } else {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int p = 0; p < peers; p++) {
                SocketChannel s = ch[p];
                ByteBuffer b = tables.get(p).bytes;
                writers.add(Thread.ofPlatform().name("writer-" + p).start(() -> {
                    try {
                        go.await();
                        send(s, b, keepaliveEvery, false);
                    } catch (Exception e) {
                        out("failed " + e.getMessage());
                        System.exit(3);
                    }
                }));
            }
            firstNs = System.nanoTime();
            go.countDown();
            for (Thread w : writers) {
                w.join();
            }
        }
        long writtenNs = System.nanoTime();
        out("first-update-ns " + firstNs);
        out("written-ns " + writtenNs);
        out("send-cpu-ns " + (cpuNanos() - cpuBefore));
        if (churn != null) {
            Path trigger = Path.of(a.get("trigger"));
            long lastKeepalive = System.nanoTime();
            while (!Files.exists(trigger)) {
                Thread.sleep(1);
                if (System.nanoTime() - lastKeepalive > keepaliveEvery) {
                    writeAll(ch[0], ByteBuffer.wrap(header(19, KEEPALIVE)));
                    lastKeepalive = System.nanoTime();
                }
            }
            out("churn-first-ns " + System.nanoTime());
            writeAll(ch[0], churn.bytes);
            out("churn-written-ns " + System.nanoTime());
        }
        long lastKeepalive = System.nanoTime();
        while (readers.stream().allMatch(Thread::isAlive)) {
            Thread.sleep(Math.min(keepaliveEvery / 1_000_000, 1000));
            if (System.nanoTime() - lastKeepalive > keepaliveEvery) {
                for (SocketChannel c : ch) {
                    writeAll(c, ByteBuffer.wrap(header(19, KEEPALIVE)));
                }
                lastKeepalive = System.nanoTime();
            }
        }
        System.exit(3);
    }

    static byte[] local(String address) {
        return InetAddress.ofLiteral(address).getAddress();
    }

    /** Writes a table in 1 MiB pieces cut at message boundaries (a KEEPALIVE between them when due), then End-of-RIB. */
    static void send(SocketChannel ch, ByteBuffer updates, long keepaliveEvery, boolean v6) throws IOException {
        long lastKeepalive = System.nanoTime();
        int chunk = 1 << 20;
        while (updates.hasRemaining()) {
            int end = Math.min(updates.limit(), updates.position() + chunk);
            // Cut at a message boundary: walk the headers.
            int cut = updates.position();
            while (cut < end) {
                int len = ((updates.get(cut + 16) & 0xFF) << 8) | (updates.get(cut + 17) & 0xFF);
                if (cut + len > end && cut > updates.position()) {
                    break;
                }
                cut += len;
            }
            writeAll(ch, updates.slice(updates.position(), cut - updates.position()));
            updates.position(cut);
            if (System.nanoTime() - lastKeepalive > keepaliveEvery) {
                writeAll(ch, ByteBuffer.wrap(header(19, KEEPALIVE)));
                lastKeepalive = System.nanoTime();
            }
        }
        writeAll(ch, ByteBuffer.wrap(v6 ? endOfRibV6() : endOfRib()));
    }

    /** Connects, exchanges OPENs and KEEPALIVEs; returns the negotiated hold time. */
    static int establish(SocketChannel ch, ByteBuffer in, InetSocketAddress local, InetSocketAddress peer, long as, int hold,
            byte[] id, boolean v6) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(local);
        ch.connect(peer);
        writeAll(ch, ByteBuffer.wrap(open(as, hold, id, v6)));
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

    static byte[] open(long as, int hold, byte[] id, boolean v6) {
        byte[] caps = {
            2, 12,                                           // optional parameter: capabilities, 12 octets
            1, 4, 0, (byte) (v6 ? 2 : 1), 0, 1,              // multiprotocol IPv4 or IPv6 unicast
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

    /** RFC 4724 §2: for IPv6 unicast an UPDATE with an empty MP_UNREACH_NLRI. */
    static byte[] endOfRibV6() {
        ByteBuffer b = ByteBuffer.allocate(29);
        b.put(header(29, UPDATE));
        b.putShort((short) 0);
        b.putShort((short) 6);
        b.put(new byte[] {(byte) 0x80, 15, 3, 0, 2, 1});
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

    /** CPU time of this whole process (all threads). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void fail(String why) {
        out("failed " + why);
        System.exit(3);
    }

    // ---- what is sent ---------------------------------------------------------------------------

    /** A route's attributes as the driver checks them in every receiver. */
    record Route(String prefix, int origin, long[] asPath, long med, int[] communities, long[][] large, String nextHop) {
        String json() {
            StringJoiner path = new StringJoiner(",", "[", "]");
            for (long x : asPath) {
                path.add(Long.toString(x));
            }
            StringJoiner comm = new StringJoiner(",", "[", "]");
            for (int c : communities) {
                comm.add("\"" + (c >>> 16) + ":" + (c & 0xFFFF) + "\"");
            }
            StringJoiner lc = new StringJoiner(",", "[", "]");
            for (long[] l : large) {
                lc.add("\"" + l[0] + ":" + l[1] + ":" + l[2] + "\"");
            }
            return "{\"prefix\":\"" + prefix + "\",\"origin\":" + origin + ",\"as_path\":" + path + ",\"med\":"
                    + (med < 0 ? "null" : Long.toString(med)) + ",\"communities\":" + comm + ",\"large\":" + lc
                    + ",\"next_hop\":\"" + nextHop + "\"}";
        }
    }

    /** The UPDATEs of one session, the last route in them and the sampled routes (by prefix index). */
    record Table(ByteBuffer bytes, int messages, Route marker, Map<Long, Route> samples) {
    }

    /** Builds UPDATE messages: one attribute set at a time, as many NLRI as fit. */
    static final class Builder {
        final ByteBuffer out;
        final boolean v6;
        byte[] attrs;
        byte[] nextHop6;
        final ByteBuffer nlri = ByteBuffer.allocate(MAX);
        final ByteBuffer withdrawn = ByteBuffer.allocate(MAX);
        int messages;
        int nlriCount;

        Builder(int capacity, boolean v6) {
            this.out = ByteBuffer.allocateDirect(capacity);
            this.v6 = v6;
        }

        void attributes(byte[] a) {
            flush();
            attrs = a;
        }

        int room() {
            int mpOverhead = v6 ? 4 + 5 + 16 : 0;
            return MAX - 23 - attrs.length - mpOverhead - nlri.position();
        }

        void announce(byte[] prefix, int len) {
            int octets = 1 + (len + 7) / 8;
            if (room() < octets) {
                flush();
            }
            nlri.put((byte) len);
            nlri.put(prefix, 0, (len + 7) / 8);
            nlriCount++;
        }

        void withdraw(byte[] prefix, int len) {
            int octets = 1 + (len + 7) / 8;
            if (MAX - 23 - withdrawn.position() < octets) {
                flushWithdrawn();
            }
            withdrawn.put((byte) len);
            withdrawn.put(prefix, 0, (len + 7) / 8);
        }

        void flushWithdrawn() {
            if (withdrawn.position() == 0) {
                return;
            }
            int len = 23 + withdrawn.position();
            out.put(header(len, UPDATE));
            out.putShort((short) withdrawn.position());
            out.put(withdrawn.flip());
            out.putShort((short) 0);
            withdrawn.clear();
            messages++;
        }

        void flush() {
            if (nlri.position() == 0) {
                return;
            }
            nlri.flip();
            if (v6) {
                int mpLen = 5 + 16 + nlri.remaining();
                int attrLen = attrs.length + 4 + mpLen;
                out.put(header(23 + attrLen, UPDATE));
                out.putShort((short) 0);
                out.putShort((short) attrLen);
                out.put(attrs);
                out.put((byte) 0x90).put((byte) 14).putShort((short) mpLen);
                out.putShort((short) 2).put((byte) 1).put((byte) 16).put(nextHop6).put((byte) 0);
                out.put(nlri);
            } else {
                out.put(header(23 + attrs.length + nlri.remaining(), UPDATE));
                out.putShort((short) 0);
                out.putShort((short) attrs.length);
                out.put(attrs);
                out.put(nlri);
            }
            nlri.clear();
            messages++;
        }

        ByteBuffer finish() {
            flush();
            flushWithdrawn();
            return out.flip();
        }
    }

    /** The shapes. */
    static final class Gen {
        static byte[] v4(long a) {
            return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        }

        static String v4s(long a) {
            return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        }

        /** The encoded attributes (without NEXT_HOP for IPv6, which goes in MP_REACH). */
        static byte[] encode(Route r, byte[] nextHop4) {
            ByteBuffer b = ByteBuffer.allocate(1024);
            b.put((byte) 0x40).put((byte) 1).put((byte) 1).put((byte) r.origin);
            int pathLen = r.asPath.length == 0 ? 0 : 2 + 4 * r.asPath.length;
            b.put((byte) 0x40).put((byte) 2).put((byte) pathLen);
            if (pathLen > 0) {
                b.put((byte) 2).put((byte) r.asPath.length);
                for (long x : r.asPath) {
                    b.putInt((int) x);
                }
            }
            if (nextHop4 != null) {
                b.put((byte) 0x40).put((byte) 3).put((byte) 4).put(nextHop4);
            }
            if (r.med >= 0) {
                b.put((byte) 0x80).put((byte) 4).put((byte) 4).putInt((int) r.med);
            }
            if (r.communities.length > 0) {
                b.put((byte) 0xC0).put((byte) 8).put((byte) (4 * r.communities.length));
                for (int c : r.communities) {
                    b.putInt(c);
                }
            }
            if (r.large.length > 0) {
                b.put((byte) 0xC0).put((byte) 32).put((byte) (12 * r.large.length));
                for (long[] l : r.large) {
                    b.putInt((int) l[0]).putInt((int) l[1]).putInt((int) l[2]);
                }
            }
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }

        static Map<Long, Route> sampleMap() {
            return new HashMap<>();
        }

        /** Every 997th prefix index is remembered as a possible sample. */
        static boolean sampled(long index) {
            return index % 997 == 3;
        }

        static Table single(int count, long as, byte[] hop) {
            Builder b = new Builder((count / 800 + 2) * MAX, false);
            Route r = new Route(null, 0, new long[] {as}, -1, new int[0], new long[0][], v4s(toInt(hop)));
            b.attributes(encode(r, hop));
            Map<Long, Route> samples = sampleMap();
            Route last = null;
            for (int i = 0; i < count; i++) {
                long x = FIRST_V4 + i;
                b.announce(v4(x), 32);
                if (sampled(i) || i == count - 1) {
                    last = new Route(v4s(x) + "/32", r.origin, r.asPath, r.med, r.communities, r.large, r.nextHop);
                    samples.put((long) i, last);
                }
            }
            return new Table(b.finish(), b.messages, last, samples);
        }

        /**
         * /32s from {@code first}, 1..{@code maxPer} per UPDATE, each UPDATE its own attribute set
         * (MED = set number, AS_PATH [as, 64512 + set % 400], COMMUNITIES [as:set]).
         */
        static Table perUpdate(int count, long first, long as, byte[] hop, SplittableRandom rnd, int maxPer, long indexBase) {
            Builder b = new Builder((count + 1) * 80 + MAX, false);
            Map<Long, Route> samples = sampleMap();
            Route last = null;
            int set = (int) indexBase;
            for (int i = 0; i < count; ) {
                int k = Math.min(count - i, 1 + rnd.nextInt(maxPer));
                Route r = new Route(null, 0, new long[] {as, 64512 + set % 400}, set,
                        new int[] {(int) ((as & 0xFFFF) << 16 | (set & 0xFFFF))}, new long[0][], v4s(toInt(hop)));
                b.attributes(encode(r, hop));
                for (int j = 0; j < k; j++, i++) {
                    long x = first + i;
                    b.announce(v4(x), 32);
                    if (sampled(indexBase + i) || i == count - 1) {
                        last = new Route(v4s(x) + "/32", r.origin, r.asPath, r.med, r.communities, r.large, r.nextHop);
                        samples.put(indexBase + i, last);
                    }
                }
                set++;
            }
            return new Table(b.finish(), b.messages, last, samples);
        }

        /** 5 waves: withdraw 2% of the /32s of {@link #perUpdate}, then announce them again with new attributes. */
        static Table churn(Table table, int count, long first, long as, byte[] hop, SplittableRandom rnd) {
            Builder b = new Builder(count / 5 * 80 + 16 * MAX, false);
            Map<Long, Route> samples = sampleMap();
            Route last = null;
            int wave = Math.max(1, count / 50);
            int set = 0;
            for (int w = 0; w < 5; w++) {
                int start = (int) ((long) w * count / 5);
                int end = Math.min(count, start + wave);
                for (int i = start; i < end; i++) {
                    b.withdraw(v4(first + i), 32);
                }
                b.flushWithdrawn();
                for (int i = start; i < end; ) {
                    int k = Math.min(end - i, 1 + rnd.nextInt(10));
                    long med = 10_000_000L + set;
                    Route r = new Route(null, 0, new long[] {as, 65100 + w}, med,
                            new int[] {(int) ((as & 0xFFFF) << 16 | 9999)}, new long[][] {{as, w, set}}, v4s(toInt(hop)));
                    b.attributes(encode(r, hop));
                    for (int j = 0; j < k; j++, i++) {
                        long x = first + i;
                        b.announce(v4(x), 32);
                        if (table.samples.containsKey((long) i) || i == end - 1) {
                            last = new Route(v4s(x) + "/32", r.origin, r.asPath, r.med, r.communities, r.large, r.nextHop);
                            samples.put((long) i, last);
                        }
                    }
                    set++;
                }
                b.flush();
            }
            return new Table(b.finish(), b.messages, last, samples);
        }

        /** A full-table-like mix of prefix lengths and attributes. */
        static Table fullTable(int count, long as, byte[] hop, SplittableRandom rnd) {
            // Lengths roughly as in a DFZ table: mostly /24, then /22-/23, /16-/21, some /32s and long ones.
            int[] lens = {8, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
            double[] weight = {.0005, .001, .002, .002, .012, .01, .015, .03, .035, .04, .1, .1, .55, .003, .003, .002, .002,
                .002, .002, .001, .0825};
            double[] cum = new double[weight.length];
            double sum = 0;
            for (int i = 0; i < weight.length; i++) {
                sum += weight[i];
                cum[i] = sum;
            }
            Set<Long> seen = new HashSet<>(count * 2);
            List<long[]> prefixes = new ArrayList<>(count);
            while (prefixes.size() < count) {
                double u = rnd.nextDouble() * sum;
                int li = 0;
                while (cum[li] < u) {
                    li++;
                }
                int len = lens[li];
                long addr = (1L + rnd.nextInt(223)) << 24 | rnd.nextInt(1 << 24);
                if ((addr >>> 24) == 10 || (addr >>> 24) == 127) {
                    continue;
                }
                addr &= len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
                if (seen.add(addr << 6 | len)) {
                    prefixes.add(new long[] {addr, len});
                }
            }
            Builder b = new Builder(count * 50 + MAX * 16, false);
            Map<Long, Route> samples = sampleMap();
            Route last = null;
            for (int i = 0; i < count; ) {
                int k = Math.min(count - i, 1 + rnd.nextInt(6));
                int hops = 1 + rnd.nextInt(10);
                long[] path = new long[hops];
                path[0] = as;
                for (int h = 1; h < hops; h++) {
                    path[h] = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 400_000 : 60_000);
                    if (path[h] >= 64512 && path[h] <= 65535) {
                        path[h] -= 5000; // no private ASNs (and never ours)
                    }
                }
                int origin = rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(10) < 5 ? 2 : 1;
                long med = rnd.nextInt(10) < 3 ? rnd.nextInt(1000) : -1;
                int nc = rnd.nextInt(10) < 6 ? rnd.nextInt(5) : 0;
                int[] comm = new int[nc];
                for (int c = 0; c < nc; c++) {
                    comm[c] = (int) ((path[Math.min(1, hops - 1)] & 0xFFFF) << 16 | rnd.nextInt(1000));
                }
                comm = java.util.Arrays.stream(comm).distinct().sorted().toArray();
                int nl = rnd.nextInt(10) < 2 ? 1 + rnd.nextInt(2) : 0;
                long[][] large = new long[nl][];
                for (int l = 0; l < nl; l++) {
                    large[l] = new long[] {path[hops - 1], l, rnd.nextInt(100_000)};
                }
                Route r = new Route(null, origin, path, med, comm, large, v4s(toInt(hop)));
                b.attributes(encode(r, hop));
                for (int j = 0; j < k; j++, i++) {
                    long[] p = prefixes.get(i);
                    b.announce(v4(p[0]), (int) p[1]);
                    if (sampled(i) || i == count - 1) {
                        last = new Route(v4s(p[0]) + "/" + p[1], r.origin, r.asPath, r.med, r.communities, r.large, r.nextHop);
                        samples.put((long) i, last);
                    }
                }
            }
            return new Table(b.finish(), b.messages, last, samples);
        }

        /** IPv6 in MP_REACH: even indexes 2001:db8:X:Y::/64, odd ones 2001:db9::X/128, 1-20 per attribute set. */
        static Table ipv6(int count, long as, byte[] hop6, SplittableRandom rnd) {
            Builder b = new Builder(count * 40 + MAX * 16, true);
            b.nextHop6 = hop6;
            Map<Long, Route> samples = sampleMap();
            Route last = null;
            String hop = InetAddressHolder.text(hop6);
            int set = 0;
            for (int i = 0; i < count; ) {
                int k = Math.min(count - i, 1 + rnd.nextInt(20));
                Route r = new Route(null, 0, new long[] {as, 64512 + set % 400}, set,
                        new int[] {(int) ((as & 0xFFFF) << 16 | (set & 0xFFFF))}, new long[0][], hop);
                b.attributes(encode(r, null));
                for (int j = 0; j < k; j++, i++) {
                    byte[] p = new byte[16];
                    p[0] = 0x20;
                    p[1] = 0x01;
                    p[2] = 0x0d;
                    int len;
                    if (i % 2 == 0) {
                        p[3] = (byte) 0xb8;
                        ByteBuffer.wrap(p, 4, 4).putInt(i);
                        len = 64;
                    } else {
                        p[3] = (byte) 0xb9;
                        ByteBuffer.wrap(p, 12, 4).putInt(i);
                        len = 128;
                    }
                    b.announce(p, len);
                    if (sampled(i) || i == count - 1) {
                        last = new Route(InetAddressHolder.text(p) + "/" + len, r.origin, r.asPath, r.med, r.communities,
                                r.large, r.nextHop);
                        samples.put((long) i, last);
                    }
                }
                set++;
            }
            return new Table(b.finish(), b.messages, last, samples);
        }
    }

    /** RFC 5952 text of an IPv6 address, as the receivers print it. */
    static final class InetAddressHolder {
        static String text(byte[] a) {
            try {
                String s = InetAddress.getByAddress(a).getHostAddress();
                // Java prints every group; compress the longest zero run (RFC 5952 §4.2).
                String[] g = s.split(":");
                int best = -1, bestLen = 0;
                for (int i = 0; i < g.length; ) {
                    int j = i;
                    while (j < g.length && g[j].equals("0")) {
                        j++;
                    }
                    if (j - i > bestLen && j - i > 1) {
                        best = i;
                        bestLen = j - i;
                    }
                    i = j == i ? i + 1 : j;
                }
                if (best < 0) {
                    return s;
                }
                String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, best));
                String tail = String.join(":", java.util.Arrays.copyOfRange(g, best + bestLen, g.length));
                return head + "::" + tail;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    static long toInt(byte[] a) {
        return ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }
}
