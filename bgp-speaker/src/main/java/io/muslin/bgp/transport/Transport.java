package io.muslin.bgp.transport;

import io.muslin.net.IpAddress;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;

/**
 * The Netty transport: epoll where the native library loads (needed for TCP MD5 and GTSM), NIO
 * otherwise. Also the raw socket options for RFC 5082 that Netty has no names for.
 */
public final class Transport {
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;
    private static final ChannelOption<Integer> IP_TTL = new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, 2);
    private static final ChannelOption<Integer> IP_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", IPPROTO_IP, 21);
    private static final ChannelOption<Integer> IPV6_UNICAST_HOPS =
            new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, 16);
    private static final ChannelOption<Integer> IPV6_MINHOPCOUNT =
            new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", IPPROTO_IPV6, 73);

    private final boolean epoll;
    private final EventLoopGroup group;

    public Transport(int threads) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public boolean isEpoll() {
        return epoll;
    }

    /** Why epoll is not used, or null. */
    public static String epollUnavailableReason() {
        Throwable t = Epoll.unavailabilityCause();
        return t == null ? null : t.toString();
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Fails with a clear message when a peer needs what only epoll can do. */
    public void checkSupports(PeerConfig peer) {
        if (!epoll && (peer.password() != null || peer.ttlSecurityHops() > 0)) {
            throw new IllegalStateException("peer " + peer.address()
                    + ": TCP MD5 and TTL security need Netty's epoll transport, which is unavailable: "
                    + epollUnavailableReason());
        }
    }

    /** RFC 5082: send with TTL 255, accept only TTL ≥ 255 - hops + 1. */
    static void applyTtlSecurity(io.netty.channel.ChannelConfig config, IpAddress peer, int hops) {
        int min = 256 - hops;
        if (peer.v6()) {
            config.setOption(IPV6_UNICAST_HOPS, 255);
            config.setOption(IPV6_MINHOPCOUNT, min);
        } else {
            config.setOption(IP_TTL, 255);
            config.setOption(IP_MINTTL, min);
        }
    }

    static ChannelOption<Integer> ttlOption(IpAddress peer) {
        return peer.v6() ? IPV6_UNICAST_HOPS : IP_TTL;
    }

    static ChannelOption<Integer> minTtlOption(IpAddress peer) {
        return peer.v6() ? IPV6_MINHOPCOUNT : IP_MINTTL;
    }

    public void shutdown() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
