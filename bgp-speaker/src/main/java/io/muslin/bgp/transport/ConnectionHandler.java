package io.muslin.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import java.util.Locale;

/** The last handler of a peer connection: hands frames and channel events to its {@link BgpPeer}. */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final BgpPeer peer;
    private final int connection;
    private String closeReason = "connection-closed";

    ConnectionHandler(BgpPeer peer, int connection) {
        this.peer = peer;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // instanceof rather than a type switch: this runs once per message, and the client
        // compiler calls a type switch's bootstrap method handle each time.
        if (msg instanceof ByteBuf frame) {
            peer.frame(connection, frame);
        } else if (msg instanceof BgpFrameDecoder.FrameError e) {
            peer.frameError(connection, e.error());
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.writable(connection);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.closed(connection, closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = describe(cause);
        ctx.close();
    }

    /** A socket error in the words used in logs and status: "connection-refused", "connection-reset", ... */
    static String describe(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            return "connect-timeout";
        }
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("refused")) {
            return "connection-refused";
        }
        if (m.contains("reset")) {
            return "connection-reset";
        }
        if (m.contains("no route")) {
            return "no-route-to-host";
        }
        if (m.contains("unreachable")) {
            return "network-unreachable";
        }
        if (m.contains("timed out")) {
            return "connect-timeout";
        }
        if (m.contains("broken pipe")) {
            return "connection-closed";
        }
        return "socket-error: " + t.getMessage();
    }
}
