package io.muslin.bgp.transport;

import io.muslin.bgp.wire.BgpMessage;
import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.MessageDecoder;
import io.muslin.bgp.wire.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP stream into whole BGP messages (after BIRD's {@code bgp_rx}): checks the
 * 16-octet marker (NOTIFICATION 1/1) and 19 ≤ length ≤ 65535 (1/2, the length as data) before
 * waiting for the body. Emits each message as a {@link ByteBuf} of its own (on the heap); on a bad header emits
 * one {@link FrameError} and discards everything after it. The per-session maximum (4096 without
 * extended messages) is checked by the decoder, which knows what was negotiated.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    /** A header that ends the session: the NOTIFICATION to send is in the exception. */
    public record FrameError(BgpProtocolException error) {
    }

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= BgpMessage.HEADER_LENGTH) {
            int start = in.readerIndex();
            try {
                MessageDecoder.checkMarker(in, start);
            } catch (BgpProtocolException e) {
                fail(in, out, e);
                return;
            }
            int length = in.getUnsignedShort(start + BgpMessage.MARKER_LENGTH);
            if (length < BgpMessage.HEADER_LENGTH) {
                fail(in, out, new BgpProtocolException(Notification.badLength(length), "length " + length + " is below 19"));
                return;
            }
            if (in.readableBytes() < length) {
                return;
            }
            // Copied out of the socket's direct buffer: the decoder reads a message octet by octet,
            // and reads from a heap array cost a fraction of those from native memory.
            byte[] message = new byte[length];
            in.readBytes(message);
            out.add(Unpooled.wrappedBuffer(message));
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void fail(ByteBuf in, List<Object> out, BgpProtocolException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new FrameError(e));
    }
}
