package io.muslin.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Capability values (RFC 5492 and the RFCs named in {@link Capability}). */
final class CapabilityCodec {
    private CapabilityCodec() {
    }

    /** Decodes one capability value of {@code length} bytes; malformed known capabilities throw. */
    static Capability decode(int code, ByteBuf b, int length) throws BgpProtocolException {
        try {
            Capability c = switch (code) {
                case Capability.MULTIPROTOCOL -> {
                    expect(code, length, 4);
                    int afi = b.readUnsignedShort();
                    b.skipBytes(1);
                    yield new Capability.Multiprotocol(new AfiSafi(afi, b.readUnsignedByte()));
                }
                case Capability.ROUTE_REFRESH -> {
                    expect(code, length, 0);
                    yield new Capability.RouteRefreshSupport();
                }
                case Capability.EXTENDED_MESSAGE -> {
                    expect(code, length, 0);
                    yield new Capability.ExtendedMessage();
                }
                case Capability.FOUR_OCTET_AS -> {
                    expect(code, length, 4);
                    yield new Capability.FourOctetAs(b.readUnsignedInt());
                }
                case Capability.GRACEFUL_RESTART -> decodeGracefulRestart(b, length);
                case Capability.ADD_PATH -> {
                    if (length % 4 != 0) {
                        throw malformed(code, "length " + length + " is not a multiple of 4");
                    }
                    List<Capability.AddPathFamily> families = new ArrayList<>();
                    for (int i = 0; i < length; i += 4) {
                        AfiSafi f = new AfiSafi(b.readUnsignedShort(), b.readUnsignedByte());
                        families.add(new Capability.AddPathFamily(f, b.readUnsignedByte()));
                    }
                    yield new Capability.AddPath(families);
                }
                default -> {
                    byte[] v = new byte[length];
                    b.readBytes(v);
                    yield new Capability.Unknown(code, v);
                }
            };
            return c;
        } catch (IndexOutOfBoundsException e) {
            throw malformed(code, "value is cut off");
        }
    }

    private static Capability decodeGracefulRestart(ByteBuf b, int length) throws BgpProtocolException {
        if (length < 2 || (length - 2) % 4 != 0) {
            throw malformed(Capability.GRACEFUL_RESTART, "length " + length + " is not 2 + 4n");
        }
        int head = b.readUnsignedShort();
        List<Capability.GracefulRestartFamily> families = new ArrayList<>();
        for (int i = 2; i < length; i += 4) {
            AfiSafi f = new AfiSafi(b.readUnsignedShort(), b.readUnsignedByte());
            families.add(new Capability.GracefulRestartFamily(f, (b.readUnsignedByte() & 0x80) != 0));
        }
        return new Capability.GracefulRestart((head & 0x8000) != 0, (head & 0x4000) != 0, head & 0x0FFF, families);
    }

    static void encode(Capability c, ByteBuf out) {
        out.writeByte(c.code());
        int lengthAt = out.writerIndex();
        out.writeByte(0);
        switch (c) {
            case Capability.Multiprotocol m -> {
                out.writeShort(m.family().afi());
                out.writeByte(0);
                out.writeByte(m.family().safi());
            }
            case Capability.RouteRefreshSupport r -> { }
            case Capability.ExtendedMessage e -> { }
            case Capability.FourOctetAs f -> out.writeInt((int) f.asNumber());
            case Capability.GracefulRestart g -> {
                out.writeShort((g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | g.restartTime());
                for (Capability.GracefulRestartFamily f : g.families()) {
                    out.writeShort(f.family().afi());
                    out.writeByte(f.family().safi());
                    out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
                }
            }
            case Capability.AddPath a -> {
                for (Capability.AddPathFamily f : a.families()) {
                    out.writeShort(f.family().afi());
                    out.writeByte(f.family().safi());
                    out.writeByte(f.sendReceive());
                }
            }
            case Capability.Unknown u -> out.writeBytes(u.value());
        }
        out.setByte(lengthAt, out.writerIndex() - lengthAt - 1);
    }

    private static void expect(int code, int length, int expected) throws BgpProtocolException {
        if (length != expected) {
            throw malformed(code, "length " + length + " is not " + expected);
        }
    }

    private static BgpProtocolException malformed(int code, String reason) {
        // RFC 4271 §6.2: a recognized but malformed optional parameter gets subcode 0 (unspecific).
        return new BgpProtocolException(Notification.OPEN_MESSAGE_ERROR, 0, "capability " + code + ": " + reason);
    }
}
