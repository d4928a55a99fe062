package io.muslin.netlink.linux;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Request;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.AddrCodec;
import io.muslin.netlink.wire.Errno;
import io.muslin.netlink.wire.LinkCodec;
import io.muslin.netlink.wire.NeighCodec;
import io.muslin.netlink.wire.Nl;
import io.muslin.netlink.wire.NlBytes;
import io.muslin.netlink.wire.NlMessage;
import io.muslin.netlink.wire.NlWriter;
import io.muslin.netlink.wire.RecentAddresses;
import io.muslin.netlink.wire.RouteCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link Netlink} over a real NETLINK_ROUTE socket through Java FFM. Thread-safe (one request
 * at a time). Batches go out as datagrams of up to {@link #CHUNK_BYTES} bytes; only the last
 * message of each datagram asks for an ACK, and the kernel reports every failing message
 * anyway, by sequence number, so each error maps back to its request.
 */
public final class LinuxNetlink implements Netlink {
    /** Bytes of requests per sendmsg. */
    public static final int CHUNK_BYTES = 128 * 1024;
    private static final int DUMP_RETRIES = 10;
    private static final int RECEIVE_TIMEOUT_MS = 30_000;

    private final Transport socket;
    private final NlWriter writer = new NlWriter(CHUNK_BYTES + 4096);
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    LinuxNetlink(Transport socket) {
        this.socket = socket;
    }

    /** A handle in this process's current network namespace. */
    public static LinuxNetlink open() {
        return new LinuxNetlink(new NlSocket(0, RECEIVE_TIMEOUT_MS));
    }

    /** A handle whose socket lives in the named namespace ({@code /var/run/netns/NAME}). */
    public static LinuxNetlink openIn(String namespace) {
        return Netns.callIn(namespace, LinuxNetlink::open);
    }

    /**
     * This handle's netlink port id. Notifications caused by its requests carry it as
     * {@code nlmsg_pid}, so a monitor can leave out the changes this handle made itself
     * ({@link NetlinkMonitor#startForOwner}).
     */
    public int portId() {
        return socket.portId();
    }

    private int nextSeq(int n) {
        int s = seq;
        seq += n;
        return s;
    }

    // ---- single requests -------------------------------------------------------------------

    @Override
    public synchronized Route routeGet(IpAddress dst) {
        writer.reset();
        int s = nextSeq(1);
        RouteCodec.encodeGet(writer, dst, s);
        socket.send(writer.array(), writer.position());
        String what = "route get " + dst;
        Route[] answer = {null};
        int[] err = {0};
        String[] ext = {null};
        while (answer[0] == null && err[0] == 0) {
            int n = socket.receive();
            if (n < 0) {
                throw new NetlinkException(what + ": no answer from the kernel", Errno.EAGAIN, null);
            }
            NlMessage.parseAll(socket.buffer(), n, m -> {
                if (m.seq() != s) {
                    return;
                }
                if (m.type() == Nl.NLMSG_ERROR) {
                    err[0] = m.errno() != 0 ? m.errno() : Errno.EINVAL;
                    ext[0] = m.extAckMessage();
                } else if (m.type() == Nl.RTM_NEWROUTE) {
                    answer[0] = RouteCodec.decode(m);
                    if (answer[0] == null) {
                        err[0] = Errno.EINVAL;
                    }
                }
            });
        }
        if (answer[0] == null) {
            throw new NetlinkException(what, err[0], ext[0]);
        }
        return answer[0];
    }

    @Override
    public synchronized void linkAdd(LinkSpec spec) {
        simple("link add " + spec, s -> LinkCodec.encodeNew(writer, spec, s));
    }

    @Override
    public synchronized void linkDel(int index) {
        simple("link del #" + index, s -> LinkCodec.encodeDel(writer, index, s));
    }

    @Override
    public synchronized void linkSetUp(int index, boolean up) {
        simple("link set #" + index + (up ? " up" : " down"), s -> LinkCodec.encodeSetUp(writer, index, up, s));
    }

    @Override
    public synchronized void linkSetMtu(int index, int mtu) {
        simple("link set #" + index + " mtu " + mtu, s -> LinkCodec.encodeSetMtu(writer, index, mtu, s));
    }

    @Override
    public synchronized void linkSetAddress(int index, MacAddress mac) {
        simple("link set #" + index + " address " + mac, s -> LinkCodec.encodeSetAddress(writer, index, mac, s));
    }

    @Override
    public synchronized void linkSetNetns(int index, String namespace) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = Libc.newState(arena);
            int fd = Netns.openFd(arena, st, Netns.path(namespace));
            try {
                simple("link set #" + index + " netns " + namespace, s -> LinkCodec.encodeSetNetnsFd(writer, index, fd, s));
            } finally {
                Libc.close(st, fd);
            }
        }
    }

    private void simple(String what, java.util.function.IntConsumer encode) {
        writer.reset();
        int s = nextSeq(1);
        encode.accept(s);
        socket.send(writer.array(), writer.position());
        int[] err = {Integer.MIN_VALUE};
        String[] ext = {null};
        while (err[0] == Integer.MIN_VALUE) {
            int n = socket.receive();
            if (n < 0) {
                throw new NetlinkException(what + ": no answer from the kernel", Errno.EAGAIN, null);
            }
            NlMessage.parseAll(socket.buffer(), n, m -> {
                if (m.type() == Nl.NLMSG_ERROR && m.seq() == s) {
                    err[0] = m.errno();
                    ext[0] = m.extAckMessage();
                }
            });
        }
        if (err[0] != 0) {
            throw new NetlinkException(what, err[0], ext[0]);
        }
    }

    // ---- batches ---------------------------------------------------------------------------

    @Override
    public synchronized BatchResult apply(Batch batch) {
        List<Request> reqs = batch.requests();
        int n = reqs.size();
        if (n == 0) {
            return new BatchResult(0, List.of());
        }
        int base = nextSeq(n);
        List<NetlinkException> failures = new ArrayList<>();
        int i = 0;
        while (i < n) {
            writer.reset();
            // Encode without ACK until the chunk is full; then re-encode the last one with ACK.
            while (i < n && writer.position() < CHUNK_BYTES) {
                encode(reqs.get(i), base + i, false);
                i++;
            }
            int lastSeq = base + i - 1;
            // Rewrite the last message's flags to ask for an ACK: it marks the end of this chunk.
            setAckOnLast();
            socket.send(writer.array(), writer.position());
            awaitChunk(base, lastSeq, reqs, failures);
        }
        return new BatchResult(n, failures);
    }

    private int lastMessageStart;

    private void encode(Request r, int s, boolean ack) {
        lastMessageStart = writer.position();
        int a = ack ? 0 : Nl.F_ACK;
        switch (r) {
            case Request.RouteAdd x -> RouteCodec.encodeNew(writer, x.target(), RouteCodec.ADD_FLAGS & ~a, s);
            case Request.RouteReplace x -> RouteCodec.encodeNew(writer, x.target(), RouteCodec.REPLACE_FLAGS & ~a, s);
            case Request.RouteDel x -> RouteCodec.encodeDel(writer, x.target(), RouteCodec.DEL_FLAGS & ~a, s);
            case Request.NeighReplace x -> NeighCodec.encode(writer, Nl.RTM_NEWNEIGH, NeighCodec.REPLACE_FLAGS & ~a, x.target(), s);
            case Request.FdbAppend x -> NeighCodec.encode(writer, Nl.RTM_NEWNEIGH, NeighCodec.APPEND_FLAGS & ~a, x.target(), s);
            case Request.NeighDel x -> NeighCodec.encode(writer, Nl.RTM_DELNEIGH, NeighCodec.DEL_FLAGS & ~a, x.target(), s);
            case Request.AddrAdd x -> AddrCodec.encode(writer, Nl.RTM_NEWADDR, AddrCodec.ADD_FLAGS & ~a, x.target(), s);
            case Request.AddrDel x -> AddrCodec.encode(writer, Nl.RTM_DELADDR, AddrCodec.DEL_FLAGS & ~a, x.target(), s);
        }
    }

    private void setAckOnLast() {
        byte[] b = writer.array();
        int flagsAt = lastMessageStart + 6;
        int flags = (b[flagsAt] & 0xff) | ((b[flagsAt + 1] & 0xff) << 8) | Nl.F_ACK;
        b[flagsAt] = (byte) flags;
        b[flagsAt + 1] = (byte) (flags >>> 8);
    }

    private void awaitChunk(int base, int lastSeq, List<Request> reqs, List<NetlinkException> failures) {
        boolean[] done = {false};
        while (!done[0]) {
            int n = socket.receive();
            if (n < 0) {
                throw new NetlinkException("batch of " + reqs.size() + ": no ACK from the kernel", Errno.EAGAIN, null);
            }
            NlMessage.parseAll(socket.buffer(), n, m -> {
                if (m.type() != Nl.NLMSG_ERROR) {
                    return;
                }
                int idx = m.seq() - base;
                if (idx < 0 || idx >= reqs.size()) {
                    return; // a stale answer to an earlier call
                }
                int e = m.errno();
                if (e != 0) {
                    failures.add(new NetlinkException(reqs.get(idx), e, m.extAckMessage()));
                }
                if (m.seq() == lastSeq) {
                    done[0] = true;
                }
            });
        }
    }

    // ---- dumps -----------------------------------------------------------------------------

    @Override
    public List<Route> routeList(int family) {
        // Sized for the last dump: a table of 100,000 routes is not copied over 17 times as it grows.
        List<Route> out = new ArrayList<>(lastRouteCount + lastRouteCount / 8 + 16);
        RecentAddresses gateways = new RecentAddresses();
        dump("route dump", s -> RouteCodec.encodeDump(writer, family, s), Nl.RTM_NEWROUTE, m -> {
            // Skip route-cache clones (RTM_F_CLONED).
            if ((NlBytes.u32(m.buf(), m.payload() + 8) & Nl.RTM_F_CLONED) != 0) {
                return;
            }
            Route r = RouteCodec.decode(m, gateways);
            if (r != null) {
                out.add(r);
            }
        }, out::clear);
        lastRouteCount = out.size();
        return out;
    }

    private volatile int lastRouteCount;

    @Override
    public List<Link> linkList() {
        List<Link> out = new ArrayList<>();
        dump("link dump", s -> LinkCodec.encodeDump(writer, s), Nl.RTM_NEWLINK, m -> {
            Link l = LinkCodec.decode(m);
            if (l != null) {
                out.add(l);
            }
        }, out::clear);
        return out;
    }

    @Override
    public Optional<Link> linkByName(String name) {
        return linkList().stream().filter(l -> name.equals(l.name())).findFirst();
    }

    @Override
    public List<Addr> addrList(int family) {
        List<Addr> out = new ArrayList<>();
        dump("address dump", s -> AddrCodec.encodeDump(writer, family, s), Nl.RTM_NEWADDR, m -> {
            Addr a = AddrCodec.decode(m);
            if (a != null) {
                out.add(a);
            }
        }, out::clear);
        return out;
    }

    @Override
    public List<Neigh> neighList(int family) {
        List<Neigh> out = new ArrayList<>();
        dump("neighbour dump", s -> NeighCodec.encodeDump(writer, family, s), Nl.RTM_NEWNEIGH, m -> {
            Neigh x = NeighCodec.decode(m);
            if (x != null && (family == 0 || x.family() == family)) {
                out.add(x);
            }
        }, out::clear);
        return out;
    }

    /** Runs a dump, starting over (up to {@value #DUMP_RETRIES} times) when the kernel flags NLM_F_DUMP_INTR. */
    private synchronized void dump(String what, java.util.function.IntConsumer request, int type,
                                   Consumer<NlMessage> sink, Runnable reset) {
        for (int attempt = 0; attempt < DUMP_RETRIES; attempt++) {
            writer.reset();
            int s = nextSeq(1);
            request.accept(s);
            socket.send(writer.array(), writer.position());
            boolean[] state = {false, false}; // done, interrupted
            int[] err = {0};
            String[] ext = {null};
            while (!state[0]) {
                int n = socket.receive();
                if (n < 0) {
                    throw new NetlinkException(what + ": no answer from the kernel", Errno.EAGAIN, null);
                }
                NlMessage.parseAll(socket.buffer(), n, m -> {
                    if (m.seq() != s) {
                        return;
                    }
                    if ((m.flags() & Nl.F_DUMP_INTR) != 0) {
                        state[1] = true;
                    }
                    if (m.type() == Nl.NLMSG_DONE) {
                        state[0] = true;
                    } else if (m.type() == Nl.NLMSG_ERROR) {
                        state[0] = true;
                        err[0] = m.errno();
                        ext[0] = m.extAckMessage();
                    } else if (m.type() == type && !state[1]) {
                        sink.accept(m);
                    }
                });
            }
            if (err[0] != 0) {
                throw new NetlinkException(what, err[0], ext[0]);
            }
            if (!state[1]) {
                return;
            }
            reset.run();
        }
        throw new NetlinkException(what + ": interrupted " + DUMP_RETRIES + " times (NLM_F_DUMP_INTR)", Errno.EINTR, null);
    }

    @Override
    public void close() {
        synchronized (this) {
            socket.release();
        }
    }
}
