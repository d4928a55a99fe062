package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.Notification.OPEN_MESSAGE_ERROR;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an OPEN body (RFC 4271 §4.2), its optional parameters (RFC 5492 capabilities, RFC 9072
 * extended parameters length). Checks that need configuration (peer AS, hold time, identifier)
 * are made by the session ({@code io.muslin.bgp.fsm.OpenNegotiation}).
 */
final class OpenDecoder {
    private static final int PARAM_CAPABILITIES = 2;
    private static final int PARAM_EXTENDED = 255;

    private OpenDecoder() {
    }

    static DecodedMessage decode(ByteBuf b, int length) throws BgpProtocolException {
        int end = b.readerIndex() + length;
        int version = b.readUnsignedByte();
        if (version != 4) {
            throw new BgpProtocolException(OPEN_MESSAGE_ERROR, Notification.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, 4}, "version " + version + " is not 4");
        }
        int myAs = b.readUnsignedShort();
        int holdTime = b.readUnsignedShort();
        int bgpId = b.readInt();
        int paramsLength = b.readUnsignedByte();
        boolean extended = false;
        if (paramsLength == PARAM_EXTENDED && b.readerIndex() < end && b.getUnsignedByte(b.readerIndex()) == PARAM_EXTENDED) {
            // RFC 9072: non-extended length 255, then type 255 and a 2-octet length; parameters use 2-octet lengths.
            if (end - b.readerIndex() < 3) {
                throw malformed("extended optional parameters length is cut off");
            }
            b.skipBytes(1);
            paramsLength = b.readUnsignedShort();
            extended = true;
        }
        if (paramsLength != end - b.readerIndex()) {
            throw malformed("optional parameters length " + paramsLength + " does not match the "
                    + (end - b.readerIndex()) + " octets that follow");
        }
        List<Capability> capabilities = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        while (b.readerIndex() < end) {
            if (end - b.readerIndex() < (extended ? 3 : 2)) {
                throw malformed("optional parameter header is cut off");
            }
            int type = b.readUnsignedByte();
            int paramLength = extended ? b.readUnsignedShort() : b.readUnsignedByte();
            if (paramLength > end - b.readerIndex()) {
                throw malformed("optional parameter length " + paramLength + " runs past the message");
            }
            if (type != PARAM_CAPABILITIES) {
                throw new BgpProtocolException(OPEN_MESSAGE_ERROR, Notification.UNSUPPORTED_OPTIONAL_PARAMETER,
                        "optional parameter type " + type + " is not capabilities (2)");
            }
            int paramEnd = b.readerIndex() + paramLength;
            int count = 0;
            while (b.readerIndex() < paramEnd) {
                if (paramEnd - b.readerIndex() < 2) {
                    throw malformed("capability header is cut off");
                }
                int code = b.readUnsignedByte();
                int capLength = b.readUnsignedByte();
                if (capLength > paramEnd - b.readerIndex()) {
                    throw malformed("capability " + code + " length " + capLength + " runs past its parameter");
                }
                capabilities.add(CapabilityCodec.decode(code, b.readSlice(capLength), capLength));
                count++;
            }
            groups.add(count);
        }
        Open open = new Open(version, myAs, holdTime, bgpId, capabilities);
        List<Integer> layout = groups.size() == 1 ? List.of() : groups;
        return new DecodedMessage(open, ErrorAction.NONE, List.of(), new WireLayout(java.util.Map.of(), layout));
    }

    private static BgpProtocolException malformed(String reason) {
        return new BgpProtocolException(OPEN_MESSAGE_ERROR, 0, reason);
    }
}
