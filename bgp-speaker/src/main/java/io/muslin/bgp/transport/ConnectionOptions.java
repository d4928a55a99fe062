package io.muslin.bgp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The socket options of a peer's connections: connect timeout (the ConnectRetry time), no Nagle,
 * reading only once the peer has registered the channel, TCP MD5 (RFC 2385) and GTSM (RFC 5082).
 */
final class ConnectionOptions {
    private ConnectionOptions() {
    }

    /** A bootstrap for an outbound connection to the peer, on the peer's event loop. */
    static Bootstrap outbound(PeerConfig config, Transport transport, EventLoop loop) {
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.session().connectRetry().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new BgpFrameDecoder());
                    }
                });
        if (config.password() != null) {
            b.option(EpollChannelOption.TCP_MD5SIG,
                    Map.of(config.address().toInetAddress(), config.password().getBytes(StandardCharsets.US_ASCII)));
        }
        if (config.ttlSecurityHops() > 0) {
            b.option(Transport.ttlOption(config.address()), 255);
            b.option(Transport.minTtlOption(config.address()), 256 - config.ttlSecurityHops());
        }
        return b;
    }

    /** GTSM on a connection the peer opened (the listener's socket carries the MD5 keys). */
    static void inbound(SocketChannel ch, PeerConfig config, Transport transport) {
        if (config.ttlSecurityHops() > 0 && transport.isEpoll()) {
            Transport.applyTtlSecurity(ch.config(), config.address(), config.ttlSecurityHops());
        }
    }
}
