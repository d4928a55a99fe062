package io.muslin.bgp.transport;

import io.muslin.bgp.wire.Notification;
import io.muslin.net.IpAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's transport facade: one listening socket, any number of peers, each on its own
 * event loop. Peers can be added, changed and removed at runtime without touching the others.
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);

    private final Transport transport;
    private final Executor socketExecutor;
    private final Map<IpAddress, BgpPeer> peers = new ConcurrentHashMap<>();
    private volatile Channel server;

    /**
     * @param threads        event loop threads (peers are spread over them)
     * @param socketExecutor where sockets are created; {@code Runnable::run} normally, or a thread
     *                       that has entered a network namespace (sockets stay in the namespace they
     *                       were created in)
     */
    public BgpSpeaker(int threads, Executor socketExecutor) {
        this.transport = new Transport(threads);
        this.socketExecutor = socketExecutor;
    }

    public BgpSpeaker() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors()), Runnable::run);
    }

    public Transport transport() {
        return transport;
    }

    /** Listens for peers' connections; connections from unknown addresses are closed at once. */
    public InetSocketAddress listen(IpAddress address, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(transport.group()).channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new BgpFrameDecoder(), new Acceptor());
                    }
                });
        InetSocketAddress bindTo = new InetSocketAddress(address.toInetAddress(), port);
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        socketExecutor.execute(() -> b.bind(bindTo).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                bound.complete(f.channel());
            } else {
                bound.completeExceptionally(f.cause());
            }
        }));
        try {
            server = bound.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + address + " port " + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        updateServerMd5();
        InetSocketAddress local = (InetSocketAddress) server.localAddress();
        log.info("listening on {} port {}", IpAddress.of(local.getAddress()), local.getPort());
        return local;
    }

    /** Adds a peer and starts it. */
    public BgpPeer addPeer(PeerConfig config, PeerListener listener, OutboundUpdates outbound) {
        BgpPeer peer = new BgpPeer(config, transport, socketExecutor, listener, outbound);
        if (peers.putIfAbsent(config.address(), peer) != null) {
            throw new IllegalArgumentException("peer " + config.address() + " is already configured");
        }
        updateServerMd5();
        peer.start();
        return peer;
    }

    /** Removes a peer: Cease / Peer De-configured (RFC 4486), then forgets it. */
    public void removePeer(IpAddress address) {
        BgpPeer peer = peers.remove(address);
        if (peer != null) {
            peer.stop(Notification.PEER_DECONFIGURED, "peer removed from configuration");
            updateServerMd5();
        }
    }

    public BgpPeer peer(IpAddress address) {
        return peers.get(address);
    }

    public Collection<BgpPeer> peers() {
        return List.copyOf(peers.values());
    }

    private void updateServerMd5() {
        Channel s = server;
        if (s == null || !transport.isEpoll()) {
            return;
        }
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (BgpPeer p : peers.values()) {
            if (p.config().password() != null) {
                keys.put(p.config().address().toInetAddress(), p.config().password().getBytes(StandardCharsets.US_ASCII));
            }
        }
        s.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }

    /** Stops for good: Cease 6/2 Administrative Shutdown to every peer (see {@link #close(boolean)}). */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Stops every session and the event loops.
     *
     * @param forGood true: each peer gets Cease 6/2 Administrative Shutdown (sent as a Hard Reset
     *                6/9 where both ends sent the N bit, RFC 8538), so it drops our routes at once;
     *                false (a restart): the connections close without NOTIFICATION, so a peer that
     *                negotiated graceful restart keeps our routes as stale (RFC 4724 §4.2)
     */
    public void close(boolean forGood) {
        for (BgpPeer p : peers.values()) {
            if (forGood) {
                p.stop(Notification.ADMINISTRATIVE_SHUTDOWN, "speaker shutting down");
            } else {
                p.stopForRestart();
            }
        }
        // Give the Cease messages (or the FINs) a moment to leave before the loops stop.
        for (BgpPeer p : peers.values()) {
            p.eventLoop().submit(() -> { }).awaitUninterruptibly(1000);
            p.forceClose();
        }
        if (server != null) {
            server.close().awaitUninterruptibly(1000);
        }
        transport.shutdown();
    }

    /** Hands an accepted connection to the peer with its remote address, or closes it. */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SocketChannel ch = (SocketChannel) ctx.channel();
            IpAddress remote = IpAddress.of(ch.remoteAddress().getAddress());
            BgpPeer peer = peers.get(remote);
            ctx.pipeline().remove(this);
            if (peer == null) {
                log.info("closing connection from {}: not a configured peer", remote);
                ch.close();
                return;
            }
            peer.incoming(ch);
        }
    }
}
