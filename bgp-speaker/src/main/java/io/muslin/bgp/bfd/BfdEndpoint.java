package io.muslin.bgp.bfd;

import io.muslin.bgp.settings.BfdSpec;
import io.muslin.net.IpAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BFD sessions on UDP: single hop (RFC 5881: to port 3784, sent with TTL 255, only TTL 255
 * accepted) and multihop (RFC 5883: port 4784). One event loop thread runs every session; one
 * receive socket per port and family, one send socket per local address (source port from
 * 49152..65535, the same for every packet of a session). Sockets are made on the given executor,
 * so they live in its network namespace. Needs Netty's epoll transport (TTL and socket filter).
 *
 * <p>Incoming packets are matched to a session by Your Discriminator, or, when that is zero, by
 * the source address (RFC 5880 §6.8.6); the source must be the session's peer in both cases, and
 * a single-hop packet must arrive on 3784, a multihop one on 4784.
 */
public final class BfdEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BfdEndpoint.class);
    public static final int SINGLE_HOP_PORT = 3784;
    public static final int MULTIHOP_PORT = 4784;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final Executor socketExecutor;
    private final BfdClock clock;
    private final RandomGenerator random;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    /** Sessions by peer (read by status from any thread) and by our discriminator (guarded by itself). */
    private final Map<IpAddress, Entry> byPeer = new ConcurrentHashMap<>();
    private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
    private final Map<ReceiveKey, Channel> receivers = new ConcurrentHashMap<>();
    private final Map<SendKey, Channel> senders = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** Timers that fired more than {@link #LATE} after their time, and the worst lateness: a starved loop. */
    private final AtomicLong lateTimers = new AtomicLong();
    private volatile long worstLatenessNanos;
    private static final long LATE = TimeUnit.MILLISECONDS.toNanos(100);

    private record ReceiveKey(boolean v6, boolean multihop) {
    }

    private record SendKey(boolean v6, IpAddress local) {
    }

    private final class Entry implements BfdSession.Output {
        final IpAddress peer;
        final boolean multihop;
        final InetSocketAddress destination;
        final BfdListener listener;
        volatile BfdSession session;
        Channel sender;
        ScheduledFuture<?> timer;
        long timerAt;
        boolean removed;

        Entry(IpAddress peer, boolean multihop, BfdListener listener) {
            this.peer = peer;
            this.multihop = multihop;
            this.destination = new InetSocketAddress(peer.toInetAddress(), multihop ? MULTIHOP_PORT : SINGLE_HOP_PORT);
            this.listener = listener;
        }

        @Override
        public void send(BfdSession s, BfdPacket p) {
            ByteBuf buf = sender.alloc().directBuffer(BfdPacket.LENGTH);
            p.encode(buf.internalNioBuffer(0, BfdPacket.LENGTH));
            buf.writerIndex(BfdPacket.LENGTH);
            sender.writeAndFlush(new DatagramPacket(buf, destination), sender.voidPromise());
        }

        @Override
        public void stateChanged(BfdSession s, BfdState from, BfdState to, Diagnostic diag, boolean byRemoteAdminDown) {
            log.debug("bfd {}: {} -> {} ({})", peer, from.label(), to.label(), diag.label());
            try {
                listener.stateChanged(peer, from, to, diag, byRemoteAdminDown);
            } catch (RuntimeException e) {
                log.error("bfd {}: listener failed", peer, e);
            }
        }
    }

    /** Sessions on the system clock. */
    public BfdEndpoint(Executor socketExecutor) {
        this(socketExecutor, BfdClock.SYSTEM, new java.util.Random());
    }

    BfdEndpoint(Executor socketExecutor, BfdClock clock, RandomGenerator random) {
        Epoll.ensureAvailability();
        this.socketExecutor = socketExecutor;
        this.clock = clock;
        this.random = random;
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.loop = group.next();
    }

    /** Why BFD cannot run here (it needs Netty's epoll transport), or null. */
    public static String unavailableReason() {
        Throwable t = Epoll.unavailabilityCause();
        return t == null ? null : "BFD needs Netty's epoll transport: " + t;
    }

    /**
     * Starts a session with {@code peer}; it sends at once and comes Up when the peer answers.
     *
     * @param local source address of our packets, or null for the kernel's choice
     * @throws IllegalStateException when a session with that peer exists or a socket cannot be made
     */
    public void add(IpAddress peer, IpAddress local, BfdSpec spec, BfdListener listener) {
        if (local != null && local.v6() != peer.v6()) {
            throw new IllegalArgumentException("local address " + local + " is not of the family of " + peer);
        }
        Entry e = new Entry(peer, spec.multihop(), listener);
        if (byPeer.putIfAbsent(peer, e) != null) {
            throw new IllegalStateException("a BFD session with " + peer + " exists already");
        }
        try {
            receiver(new ReceiveKey(peer.v6(), spec.multihop()));
            e.sender = sender(new SendKey(peer.v6(), local));
        } catch (RuntimeException ex) {
            byPeer.remove(peer);
            throw ex;
        }
        int disc;
        synchronized (byDiscriminator) {
            do {
                disc = random.nextInt();
            } while (disc == 0 || byDiscriminator.containsKey(disc));
            byDiscriminator.put(disc, e);
        }
        // Made here so that status is there at once; driven only on the loop from now on.
        e.session = new BfdSession(disc, spec, clock, random, e);
        onLoop(() -> arm(e));
    }

    /** New timers for a session (a Poll Sequence when it is Up); false when there is none. */
    public boolean update(IpAddress peer, BfdSpec spec) {
        Entry e = byPeer.get(peer);
        if (e == null) {
            return false;
        }
        onLoop(() -> {
            if (e.session != null && !e.removed) {
                e.session.update(spec);
                arm(e);
            }
        });
        return true;
    }

    /** Ends a session: one AdminDown packet tells the peer it was on purpose, then it is forgotten. */
    public void remove(IpAddress peer) {
        Entry e = byPeer.remove(peer);
        if (e == null) {
            return;
        }
        onLoop(() -> {
            e.removed = true;
            if (e.timer != null) {
                e.timer.cancel(false);
            }
            synchronized (byDiscriminator) {
                byDiscriminator.remove(e.session.localDiscriminator());
            }
            e.session.adminDown();
        });
    }

    public Optional<BfdStatus> status(IpAddress peer) {
        Entry e = byPeer.get(peer);
        return e == null || e.session == null ? Optional.empty() : Optional.of(e.session.status());
    }

    /** Sessions configured now. */
    public List<IpAddress> peers() {
        return List.copyOf(byPeer.keySet());
    }

    /** Packets discarded: malformed (RFC 5880 §6.8.6), for no session, or from the wrong address or port. */
    public long packetsDropped() {
        return dropped.get();
    }

    /**
     * Session timers that ran more than 100 ms late (the event loop did not get a CPU in time: a
     * loaded machine, a long GC pause), and the worst lateness in ms. Late transmit timers are what
     * makes peers declare sessions down.
     */
    public long lateTimers() {
        return lateTimers.get();
    }

    public long worstTimerLatenessMillis() {
        return worstLatenessNanos / 1_000_000;
    }

    @Override
    public void close() {
        for (IpAddress p : List.copyOf(byPeer.keySet())) {
            remove(p);
        }
        try {
            loop.submit(() -> { }).await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receivers.values().forEach(Channel::close);
        senders.values().forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- event loop ----------------------------------------------------------------------------

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    /** Makes sure a timer fires at the session's next wake, moving it earlier when needed. */
    private void arm(Entry e) {
        if (e.removed) {
            return;
        }
        long at = e.session.nextWake();
        if (at == Long.MAX_VALUE) {
            return;
        }
        if (e.timer != null && !e.timer.isDone() && e.timerAt - at <= 0) {
            return;
        }
        if (e.timer != null) {
            e.timer.cancel(false);
        }
        e.timerAt = at;
        e.timer = loop.schedule(() -> fire(e), Math.max(0, at - clock.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void fire(Entry e) {
        e.timer = null;
        if (e.removed) {
            return;
        }
        long late = clock.nanoTime() - e.timerAt;
        if (late > LATE) {
            lateTimers.incrementAndGet();
            if (late > worstLatenessNanos) {
                worstLatenessNanos = late;
            }
        }
        e.session.wake();
        arm(e);
    }

    private void received(DatagramPacket d, boolean multihop) {
        BfdPacket p;
        try {
            p = BfdPacket.decode(d.content().nioBuffer());
        } catch (BfdPacket.Malformed m) {
            drop(d, m.getMessage());
            return;
        }
        IpAddress from = IpAddress.of(d.sender().getAddress());
        Entry e;
        if (p.yourDiscriminator() != 0) {
            synchronized (byDiscriminator) {
                e = byDiscriminator.get(p.yourDiscriminator());
            }
        } else {
            e = byPeer.get(from);
        }
        if (e == null || e.session == null || e.removed) {
            drop(d, "no session");
            return;
        }
        if (!e.peer.equals(from) || e.multihop != multihop) {
            drop(d, "from " + from + (multihop ? " on the multihop port" : " on the single-hop port")
                    + ", not the session's peer " + e.peer);
            return;
        }
        if (!e.session.receive(p)) {
            drop(d, "authentication not configured");
            return;
        }
        arm(e);
    }

    private void drop(DatagramPacket d, String why) {
        dropped.incrementAndGet();
        log.debug("bfd: dropped a packet from {}: {}", d.sender(), why);
    }

    // ---- sockets -------------------------------------------------------------------------------

    private Channel receiver(ReceiveKey key) {
        Channel c = receivers.get(key);
        if (c != null) {
            return c;
        }
        synchronized (receivers) {
            c = receivers.get(key);
            if (c == null) {
                InetAddress any = anyAddress(key.v6());
                Bootstrap b = bootstrap(key.v6()).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
                        received(d, key.multihop());
                    }
                });
                if (!key.multihop()) {
                    b.option(SocketOptions.ATTACH_FILTER, SocketOptions.ttl255Filter());
                }
                // Room for a second of every session's packets should the loop stall (500 sessions at 300 ms:
                // ~1,700 packets of ~800 bytes of kernel memory each), and all of it read before the timers run.
                b.option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER).option(SocketOptions.SO_RCVBUFFORCE, RECEIVE_BUFFER)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(256).maxMessagesPerRead(4096));
                c = bind(b, new InetSocketAddress(any, key.multihop() ? MULTIHOP_PORT : SINGLE_HOP_PORT));
                receivers.put(key, c);
            }
            return c;
        }
    }

    private Channel sender(SendKey key) {
        Channel c = senders.get(key);
        if (c != null) {
            return c;
        }
        synchronized (senders) {
            c = senders.get(key);
            if (c == null) {
                InetAddress at = key.local() == null ? anyAddress(key.v6()) : key.local().toInetAddress();
                Bootstrap b = bootstrap(key.v6()).option(key.v6() ? SocketOptions.IPV6_UNICAST_HOPS : SocketOptions.IP_TTL, 255)
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket d) {
                                // Nothing is expected on a send socket.
                            }
                        });
                IllegalStateException last = null;
                for (int attempt = 0; attempt < 32 && c == null; attempt++) {
                    int port = 49152 + random.nextInt(16384);
                    try {
                        c = bind(b, new InetSocketAddress(at, port));
                    } catch (IllegalStateException e) {
                        last = e;
                    }
                }
                if (c == null) {
                    throw last;
                }
                senders.put(key, c);
            }
            return c;
        }
    }

    private Bootstrap bootstrap(boolean v6) {
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> new EpollDatagramChannel(v6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET));
        if (v6) {
            b.option(SocketOptions.IPV6_V6ONLY, 1);
        }
        return b;
    }

    /** Binds on the socket executor (the socket is made there, so in its network namespace) and waits. */
    private Channel bind(Bootstrap b, InetSocketAddress at) {
        CompletableFuture<Channel> done = new CompletableFuture<>();
        socketExecutor.execute(() -> {
            try {
                b.bind(at).addListener(f -> {
                    if (f.isSuccess()) {
                        done.complete(((io.netty.channel.ChannelFuture) f).channel());
                    } else {
                        done.completeExceptionally(f.cause());
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding BFD socket " + at, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot bind BFD socket " + at + ": " + cause.getMessage(), cause);
        }
    }

    private static InetAddress anyAddress(boolean v6) {
        return v6 ? IpAddress.parse("::").toInetAddress() : IpAddress.parse("0.0.0.0").toInetAddress();
    }
}
