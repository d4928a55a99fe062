package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.Notification.MESSAGE_HEADER_ERROR;

import io.netty.buffer.ByteBuf;

/**
 * Decodes one whole BGP message (header included) into a {@link DecodedMessage}. Pure: reads a
 * {@link ByteBuf}, never touches a channel. Errors that end the session are thrown as
 * {@link BgpProtocolException} carrying the NOTIFICATION to send (RFC 4271 §6.1-§6.3, RFC 7606);
 * any other error is part of the result. No other exception escapes.
 */
public final class MessageDecoder {
    private MessageDecoder() {
    }

    /**
     * @param frame a whole message: marker, length, type, body (the reader index is advanced past it)
     */
    public static DecodedMessage decode(ByteBuf frame, CodecContext ctx) throws BgpProtocolException {
        int start = frame.readerIndex();
        int available = frame.readableBytes();
        if (available < BgpMessage.HEADER_LENGTH) {
            throw new BgpProtocolException(Notification.badLength(available), "message of " + available + " octets has no whole header");
        }
        checkMarker(frame, start);
        int length = frame.getUnsignedShort(start + 16);
        int type = frame.getUnsignedByte(start + 18);
        if (length < BgpMessage.HEADER_LENGTH || length > ctx.maxMessageLength()) {
            throw new BgpProtocolException(Notification.badLength(length),
                    "length " + length + " is outside " + BgpMessage.HEADER_LENGTH + ".." + ctx.maxMessageLength());
        }
        if (type == BgpMessage.TYPE_ROUTE_REFRESH && length != 23 && available >= 22
                && (frame.getUnsignedByte(start + 21) == RouteRefresh.BEGIN || frame.getUnsignedByte(start + 21) == RouteRefresh.END)) {
            // RFC 7313 §5: a BoRR/EoRR of the wrong length is a ROUTE-REFRESH message error.
            byte[] data = new byte[Math.min(available, length) - BgpMessage.HEADER_LENGTH];
            frame.getBytes(start + BgpMessage.HEADER_LENGTH, data);
            throw new BgpProtocolException(Notification.ROUTE_REFRESH_ERROR, Notification.INVALID_MESSAGE_LENGTH, data,
                    "enhanced ROUTE-REFRESH of length " + length + " is not 23");
        }
        checkLength(length, type, ctx.maxMessageLength());
        if (length != available) {
            throw new BgpProtocolException(Notification.badLength(length),
                    "length field " + length + " but " + available + " octets in the frame");
        }
        frame.skipBytes(BgpMessage.HEADER_LENGTH);
        int bodyLength = length - BgpMessage.HEADER_LENGTH;
        try {
            return switch (type) {
                case BgpMessage.TYPE_OPEN -> OpenDecoder.decode(frame, bodyLength);
                case BgpMessage.TYPE_UPDATE -> UpdateDecoder.decode(frame, bodyLength, ctx);
                case BgpMessage.TYPE_NOTIFICATION -> {
                    int code = frame.readUnsignedByte();
                    int subcode = frame.readUnsignedByte();
                    byte[] data = new byte[bodyLength - 2];
                    frame.readBytes(data);
                    yield DecodedMessage.clean(new Notification(code, subcode, data));
                }
                case BgpMessage.TYPE_KEEPALIVE -> DecodedMessage.clean(Keepalive.INSTANCE);
                case BgpMessage.TYPE_ROUTE_REFRESH -> {
                    int afi = frame.readUnsignedShort();
                    int subtype = frame.readUnsignedByte();
                    int safi = frame.readUnsignedByte();
                    yield DecodedMessage.clean(new RouteRefresh(new AfiSafi(afi, safi), subtype));
                }
                default -> throw new AssertionError("type checked above");
            };
        } finally {
            frame.readerIndex(start + length);
        }
    }

    /** RFC 4271 §6.1: all-ones marker, else Connection Not Synchronized. */
    public static void checkMarker(ByteBuf buf, int start) throws BgpProtocolException {
        for (int i = 0; i < BgpMessage.MARKER_LENGTH; i += 8) {
            if (buf.getLong(start + i) != -1L) {
                throw new BgpProtocolException(MESSAGE_HEADER_ERROR, Notification.CONNECTION_NOT_SYNCHRONIZED,
                        "marker is not all ones");
            }
        }
    }

    /** RFC 4271 §6.1: the length is within 19..max and fits the type; the type is known. */
    public static void checkLength(int length, int type, int max) throws BgpProtocolException {
        if (length < BgpMessage.HEADER_LENGTH || length > max) {
            throw new BgpProtocolException(Notification.badLength(length),
                    "length " + length + " is outside " + BgpMessage.HEADER_LENGTH + ".." + max);
        }
        int min = switch (type) {
            case BgpMessage.TYPE_OPEN -> 29;
            case BgpMessage.TYPE_UPDATE -> 23;
            case BgpMessage.TYPE_NOTIFICATION -> 21;
            case BgpMessage.TYPE_KEEPALIVE -> 19;
            case BgpMessage.TYPE_ROUTE_REFRESH -> 23;
            default -> throw new BgpProtocolException(MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) type}, "message type " + type + " is unknown");
        };
        boolean exact = type == BgpMessage.TYPE_KEEPALIVE || type == BgpMessage.TYPE_ROUTE_REFRESH;
        if (length < min || (exact && length != min)) {
            throw new BgpProtocolException(Notification.badLength(length),
                    BgpMessage.typeName(type) + " of length " + length + " is " + (exact ? "not " : "shorter than ") + min);
        }
    }
}
