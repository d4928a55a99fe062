package io.muslin.bgp.wire;

import io.muslin.bgp.wire.PathAttribute.Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Path;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes messages to bytes. Pure: writes into a {@link ByteBuf}. Attributes are written in the
 * order of the {@link Update}'s list, with the extended-length flag only where the value needs it
 * (or where a {@link WireLayout} says the original sender used it).
 */
public final class MessageEncoder {
    private static final byte[] MARKER = new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

    private MessageEncoder() {
    }

    public static ByteBuf encode(BgpMessage message, CodecContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(message instanceof Keepalive ? BgpMessage.HEADER_LENGTH : 256);
        encode(message, ctx, WireLayout.CANONICAL, out);
        return out;
    }

    public static byte[] toBytes(BgpMessage message, CodecContext ctx) {
        return toBytes(message, ctx, WireLayout.CANONICAL);
    }

    public static byte[] toBytes(BgpMessage message, CodecContext ctx, WireLayout layout) {
        ByteBuf out = Unpooled.buffer();
        encode(message, ctx, layout, out);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
    }

    /**
     * Appends one message to {@code out}.
     *
     * @throws IllegalArgumentException when the message would exceed the session's maximum length
     */
    public static void encode(BgpMessage message, CodecContext ctx, WireLayout layout, ByteBuf out) {
        int start = out.writerIndex();
        out.writeBytes(MARKER);
        out.writeShort(0);
        out.writeByte(message.type());
        switch (message) {
            case Open o -> encodeOpen(o, layout, out);
            case Update u -> encodeUpdate(u, ctx, layout, out);
            case Notification n -> {
                out.writeByte(n.code());
                out.writeByte(n.subcode());
                out.writeBytes(n.data());
            }
            case Keepalive k -> { }
            case RouteRefresh r -> {
                out.writeShort(r.family().afi());
                out.writeByte(r.subtype());
                out.writeByte(r.family().safi());
            }
        }
        int length = out.writerIndex() - start;
        int max = message instanceof Open || message instanceof Keepalive ? BgpMessage.MAX_LENGTH : ctx.maxMessageLength();
        if (length > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException(BgpMessage.typeName(message.type()) + " of " + length
                    + " octets exceeds the maximum of " + max);
        }
        out.setShort(start + 16, length);
    }

    private static void encodeOpen(Open o, WireLayout layout, ByteBuf out) {
        out.writeByte(o.version());
        out.writeShort(o.myAutonomousSystem());
        out.writeShort(o.holdTime());
        out.writeInt(o.bgpIdentifier());
        int paramsLengthAt = out.writerIndex();
        out.writeByte(0);
        List<Capability> caps = o.capabilities();
        List<Integer> groups = layout.capabilityGroups().isEmpty()
                ? (caps.isEmpty() ? List.of() : List.of(caps.size())) : layout.capabilityGroups();
        int next = 0;
        for (int count : groups) {
            out.writeByte(2);
            int lengthAt = out.writerIndex();
            out.writeByte(0);
            for (int i = 0; i < count && next < caps.size(); i++) {
                CapabilityCodec.encode(caps.get(next++), out);
            }
            int paramLength = out.writerIndex() - lengthAt - 1;
            if (paramLength > 255) {
                throw new IllegalArgumentException("capabilities of " + paramLength + " octets do not fit one parameter");
            }
            out.setByte(lengthAt, paramLength);
        }
        int total = out.writerIndex() - paramsLengthAt - 1;
        if (total > 254) {
            throw new IllegalArgumentException("optional parameters of " + total + " octets need RFC 9072 encoding");
        }
        out.setByte(paramsLengthAt, total);
    }

    private static void encodeUpdate(Update u, CodecContext ctx, WireLayout layout, ByteBuf out) {
        int withdrawnAt = out.writerIndex();
        out.writeShort(0);
        Nlri.encode(u.withdrawn(), out);
        out.setShort(withdrawnAt, out.writerIndex() - withdrawnAt - 2);
        int attributesAt = out.writerIndex();
        out.writeShort(0);
        for (PathAttribute a : ctx.fourOctetAs() ? u.attributes() : withAs4Attributes(u.attributes())) {
            encodeAttribute(a, ctx, layout, out);
        }
        out.setShort(attributesAt, out.writerIndex() - attributesAt - 2);
        Nlri.encode(u.nlri(), out);
    }

    /** RFC 6793 §4.2.2: towards a 2-octet peer, ASNs above 65535 become AS_TRANS and travel in AS4_* too. */
    static List<PathAttribute> withAs4Attributes(List<PathAttribute> attrs) {
        List<PathAttribute> out = new ArrayList<>(attrs.size() + 2);
        boolean hasAs4Path = attrs.stream().anyMatch(a -> a instanceof As4Path);
        boolean hasAs4Aggregator = attrs.stream().anyMatch(a -> a instanceof As4Aggregator);
        for (PathAttribute a : attrs) {
            out.add(a);
            if (a instanceof AsPath p && !hasAs4Path && needsAs4(p)) {
                List<AsPathSegment> segs = p.segments().stream().filter(s -> !s.isConfederation()).toList();
                out.add(new As4Path(segs));
            } else if (a instanceof Aggregator g && !hasAs4Aggregator && g.asNumber() > 0xFFFF) {
                out.add(new As4Aggregator(g.asNumber(), g.address()));
            }
        }
        return out;
    }

    private static boolean needsAs4(AsPath p) {
        for (AsPathSegment s : p.segments()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.asn(i) > 0xFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void encodeAttribute(PathAttribute a, CodecContext ctx, WireLayout layout, ByteBuf out) {
        int flags;
        Integer received = layout.attributeFlags().get(a.code());
        if (a instanceof PathAttribute.Unknown u) {
            flags = u.flags();
        } else if (received != null) {
            flags = received;
        } else {
            flags = AttributeTable.row(a.code()).category();
        }
        boolean forceExtended = received != null && (received & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
        int start = out.writerIndex();
        out.writeByte(0);
        out.writeByte(a.code());
        out.writeShort(0);
        int valueAt = out.writerIndex();
        if (a instanceof PathAttribute.Unknown u) {
            out.writeBytes(u.value());
        } else {
            AttributeTable.row(a.code()).encoder().encode(a, ctx, out);
        }
        int length = out.writerIndex() - valueAt;
        if (length > 255 || forceExtended) {
            out.setByte(start, flags | PathAttribute.FLAG_EXTENDED_LENGTH);
            out.setShort(start + 2, length);
        } else {
            out.setByte(start, flags & ~PathAttribute.FLAG_EXTENDED_LENGTH);
            out.setByte(start + 2, length);
            out.setBytes(valueAt - 1, out, valueAt, length);
            out.writerIndex(out.writerIndex() - 1);
        }
    }
}
