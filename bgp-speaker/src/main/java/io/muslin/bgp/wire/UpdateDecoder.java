package io.muslin.bgp.wire;

import static io.muslin.bgp.wire.ErrorAction.ATTRIBUTE_DISCARD;
import static io.muslin.bgp.wire.ErrorAction.NONE;
import static io.muslin.bgp.wire.ErrorAction.SESSION_RESET;
import static io.muslin.bgp.wire.ErrorAction.TREAT_AS_WITHDRAW;
import static io.muslin.bgp.wire.Notification.UPDATE_MESSAGE_ERROR;

import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PathAttribute.MpReach;
import io.muslin.bgp.wire.PathAttribute.MpUnreach;
import io.muslin.bgp.wire.PathAttribute.NextHop;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an UPDATE body (RFC 4271 §4.3) with the error handling of RFC 7606: every problem
 * becomes an {@link UpdateError} with its action and the strongest action wins; only errors
 * that leave the NLRI unknowable end the session ({@link BgpProtocolException}).
 */
final class UpdateDecoder {
    private UpdateDecoder() {
    }

    /** Decodes {@code length} bytes of UPDATE body from {@code buf}. */
    static DecodedMessage decode(ByteBuf buf, int length, CodecContext ctx) throws BgpProtocolException {
        int end = buf.readerIndex() + length;
        if (length < 4) {
            throw reset(Notification.MALFORMED_ATTRIBUTE_LIST, "UPDATE body of " + length + " octets is too short");
        }
        int withdrawnLength = buf.readUnsignedShort();
        if (withdrawnLength > end - buf.readerIndex() - 2) {
            throw reset(Notification.MALFORMED_ATTRIBUTE_LIST,
                    "withdrawn routes length " + withdrawnLength + " runs past the message");
        }
        List<IpPrefix> withdrawn;
        try {
            withdrawn = Nlri.decode(buf, withdrawnLength, false);
        } catch (MalformedException e) {
            throw reset(Notification.MALFORMED_ATTRIBUTE_LIST, "withdrawn routes: " + e.getMessage());
        }
        int attributesLength = buf.readUnsignedShort();
        if (attributesLength > end - buf.readerIndex()) {
            throw reset(Notification.MALFORMED_ATTRIBUTE_LIST,
                    "total path attribute length " + attributesLength + " runs past the message");
        }
        int attributesEnd = buf.readerIndex() + attributesLength;
        Attributes attrs = new Attributes(ctx);
        attrs.decodeAll(buf, attributesEnd);
        buf.readerIndex(attributesEnd);

        List<IpPrefix> nlri;
        try {
            nlri = Nlri.decode(buf, end - attributesEnd, false);
        } catch (MalformedException e) {
            throw reset(Notification.INVALID_NETWORK_FIELD, "NLRI: " + e.getMessage());
        }
        attrs.checkAfterNlri(!nlri.isEmpty());
        Update update = new Update(withdrawn, FrozenList.wrap(attrs.kept.toArray(new PathAttribute[0]), attrs.kept.size()), nlri);
        BgpMessage effective = switch (attrs.action) {
            case TREAT_AS_WITHDRAW -> update.asWithdraw();
            default -> update;
        };
        return new DecodedMessage(effective, attrs.action, attrs.errors,
                attrs.receivedFlags == null ? WireLayout.CANONICAL : new WireLayout(attrs.receivedFlags, List.of()),
                attrs.packed());
    }

    private static BgpProtocolException reset(int subcode, String reason) {
        return new BgpProtocolException(UPDATE_MESSAGE_ERROR, subcode, reason);
    }

    /** The path attributes of one UPDATE while they are decoded and checked. */
    private static final class Attributes implements As4Merge.ErrorSink {
        final CodecContext ctx;
        final List<PathAttribute> kept = new ArrayList<>(8);
        final List<UpdateError> errors = new ArrayList<>(0);
        /**
         * Flags as received where they differ from what the encoder writes by itself (the
         * category, extended length only past 255 octets); null while none does, as is usual.
         */
        Map<Integer, Integer> receivedFlags;
        ErrorAction action = NONE;
        /** The attribute type codes seen so far, one bit each (codes 0-255). */
        private long seen0, seen1, seen2, seen3;
        /**
         * The set's attributes copied in their packed form ({@link PackedAttributes}) as they
         * decode, while every one so far packs and the codes rise; null once that fails (or on a
         * 2-octet-AS session, where AS numbers change size).
         */
        private byte[] packed;
        private int packedLength;
        private int lastPackedCode;

        Attributes(CodecContext ctx) {
            this.ctx = ctx;
            this.packed = ctx.fourOctetAs() ? PACK_SCRATCH.get() : null;
        }

        /** Where each thread copies a set's packed form while it decodes (copied out at the end). */
        private static final ThreadLocal<byte[]> PACK_SCRATCH = ThreadLocal.withInitial(() -> new byte[512]);

        /** Copies an attribute the decoder kept into the packed form, or gives the packed form up. */
        private void pack(PathAttribute attribute, ByteBuf value, int start, int code, int length) {
            if (packed == null || code == PathAttribute.NEXT_HOP || isMp(code)) {
                return;
            }
            if (code <= lastPackedCode || !PackedAttributes.packable(attribute)) {
                packed = null;
                return;
            }
            lastPackedCode = code;
            if (packedLength + 4 + length > packed.length) {
                packed = Arrays.copyOf(packed, Math.max(packed.length * 2, packedLength + 4 + length));
                PACK_SCRATCH.set(packed);
            }
            packed[packedLength] = (byte) (AttributeTable.row(code).category() | PathAttribute.FLAG_EXTENDED_LENGTH);
            packed[packedLength + 1] = (byte) code;
            packed[packedLength + 2] = (byte) (length >>> 8);
            packed[packedLength + 3] = (byte) length;
            value.getBytes(start, packed, packedLength + 4, length);
            packedLength += 4 + length;
        }

        /** {@link PackedAttributes#pack} of the kept attributes, when copied whole from a clean message; else null. */
        byte[] packed() {
            return packed == null || !errors.isEmpty() ? null : Arrays.copyOf(packed, packedLength);
        }

        boolean seen(int code) {
            long word = switch (code >>> 6) {
                case 0 -> seen0;
                case 1 -> seen1;
                case 2 -> seen2;
                default -> seen3;
            };
            return (word & (1L << code)) != 0;
        }

        private void markSeen(int code) {
            long bit = 1L << code;
            switch (code >>> 6) {
                case 0 -> seen0 |= bit;
                case 1 -> seen1 |= bit;
                case 2 -> seen2 |= bit;
                default -> seen3 |= bit;
            }
        }

        void error(int code, ErrorAction a, int subcode, AfiSafi family, String reason) throws BgpProtocolException {
            if (a == SESSION_RESET) {
                throw reset(subcode, AttributeTable.name(code) + ": " + reason);
            }
            errors.add(new UpdateError(code, a, subcode, family, reason));
            action = action.strongest(a);
        }

        void decodeAll(ByteBuf buf, int end) throws BgpProtocolException {
            while (buf.readerIndex() < end) {
                int remaining = end - buf.readerIndex();
                int flags = buf.getUnsignedByte(buf.readerIndex());
                int headerLength = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
                if (remaining < headerLength) {
                    // RFC 7606 §4: not even an attribute header fits; the NLRI can still be located.
                    error(-1, TREAT_AS_WITHDRAW, Notification.MALFORMED_ATTRIBUTE_LIST, null,
                            remaining + " octets left over after the last path attribute");
                    return;
                }
                buf.skipBytes(1);
                int code = buf.readUnsignedByte();
                int length = headerLength == 4 ? buf.readUnsignedShort() : buf.readUnsignedByte();
                if (length > end - buf.readerIndex()) {
                    // RFC 7606 §4: the last attribute overruns. Without MP_(UN)REACH the NLRI is unknowable.
                    ErrorAction a = isMp(code) ? SESSION_RESET : TREAT_AS_WITHDRAW;
                    error(code, a, Notification.ATTRIBUTE_LENGTH_ERROR, null,
                            "attribute length " + length + " runs past the path attributes");
                    return;
                }
                // The value is read in place, its end marked by the writer index for the
                // attribute's decoder (a slice per attribute would be an object each).
                int valueStart = buf.readerIndex();
                int writerIndex = buf.writerIndex();
                buf.writerIndex(valueStart + length);
                try {
                    decodeOne(buf, valueStart, flags, code, length);
                } finally {
                    buf.writerIndex(writerIndex);
                }
                buf.readerIndex(valueStart + length);
            }
        }

        private static boolean isMp(int code) {
            return code == PathAttribute.MP_REACH_NLRI || code == PathAttribute.MP_UNREACH_NLRI;
        }

        /** Decodes the attribute whose value is {@code value}'s readable bytes, from {@code start} on. */
        private void decodeOne(ByteBuf value, int start, int flags, int code, int length) throws BgpProtocolException {
            if (seen(code)) {
                // RFC 7606 §3(g): a second MP_(UN)REACH resets; any other duplicate is dropped.
                if (isMp(code)) {
                    error(code, SESSION_RESET, Notification.MALFORMED_ATTRIBUTE_LIST, null, "appears twice");
                }
                error(code, NONE, Notification.MALFORMED_ATTRIBUTE_LIST, null, "appears twice; later copy discarded");
                return;
            }
            markSeen(code);
            AttributeTable.Row row = AttributeTable.row(code);
            boolean extended = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
            if (extended != length > 255 || row != null && (flags & ~PathAttribute.FLAG_EXTENDED_LENGTH) != row.category()) {
                if (receivedFlags == null) {
                    receivedFlags = new HashMap<>();
                }
                receivedFlags.put(code, flags);
            }
            if (row == null) {
                if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
                    byte[] data = new byte[length];
                    value.getBytes(start, data);
                    throw new BgpProtocolException(UPDATE_MESSAGE_ERROR, Notification.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                            data, "unrecognized well-known attribute " + code);
                }
                kept.add(AttributeTable.unknown(value, length, flags, code));
                packed = null;
                return;
            }
            int category = flags & (PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE);
            if (category != row.category()) {
                ErrorAction a = isMp(code) ? SESSION_RESET : row.malformed();
                error(code, a, Notification.ATTRIBUTE_FLAGS_ERROR, null,
                        "flags 0x" + Integer.toHexString(flags) + " do not match the attribute's category");
                return;
            }
            if (ctx.external() && row.fromExternal() != NONE) {
                error(code, row.fromExternal(), Notification.MALFORMED_ATTRIBUTE_LIST, null, "not accepted from an external peer");
                return;
            }
            if (ctx.fourOctetAs() && (code == PathAttribute.AS4_PATH || code == PathAttribute.AS4_AGGREGATOR)) {
                error(code, NONE, Notification.OPTIONAL_ATTRIBUTE_ERROR, null,
                        "ignored on a session where both sides speak 4-octet AS (RFC 6793 §4.1)");
                return;
            }
            PathAttribute attribute;
            try {
                attribute = row.decoder().decode(value, length, flags, ctx);
                if (value.isReadable()) {
                    throw new MalformedException(Notification.ATTRIBUTE_LENGTH_ERROR,
                            value.readableBytes() + " octets left over in the value");
                }
            } catch (MalformedException e) {
                ErrorAction a = e.override != null ? e.override : row.malformed();
                AfiSafi family = null;
                if (a == ErrorAction.AFI_SAFI_DISABLE) {
                    family = new AfiSafi(value.getUnsignedShort(start), value.getUnsignedByte(start + 2));
                }
                error(code, a, e.subcode, family, e.getMessage());
                return;
            } catch (IndexOutOfBoundsException e) {
                error(code, isMp(code) ? SESSION_RESET : row.malformed(), Notification.ATTRIBUTE_LENGTH_ERROR, null,
                        "value is cut off");
                return;
            }
            pack(attribute, value, start, code, length);
            kept.add(attribute);
        }

        /** Checks that need the whole message: mandatory attributes, next hop, first AS, AS4 merge. */
        void checkAfterNlri(boolean hasNlri) throws BgpProtocolException {
            boolean hasMpReach = has(MpReach.class);
            if (hasNlri || hasMpReach) {
                if (!seen(PathAttribute.ORIGIN)) {
                    error(PathAttribute.ORIGIN, TREAT_AS_WITHDRAW, Notification.MISSING_WELL_KNOWN_ATTRIBUTE, null, "missing");
                }
                if (!seen(PathAttribute.AS_PATH)) {
                    error(PathAttribute.AS_PATH, TREAT_AS_WITHDRAW, Notification.MISSING_WELL_KNOWN_ATTRIBUTE, null, "missing");
                }
            }
            if (hasNlri && !seen(PathAttribute.NEXT_HOP)) {
                error(PathAttribute.NEXT_HOP, TREAT_AS_WITHDRAW, Notification.MISSING_WELL_KNOWN_ATTRIBUTE, null, "missing");
            }
            if (hasNlri) {
                NextHop nh = find(NextHop.class);
                if (nh != null && isMartian(nh.address())) {
                    error(PathAttribute.NEXT_HOP, TREAT_AS_WITHDRAW, Notification.INVALID_NEXT_HOP_ATTRIBUTE, null,
                            nh.address() + " cannot be a next hop");
                }
            }
            if (!ctx.fourOctetAs()) {
                As4Merge.apply(kept, this);
            }
            AsPath path = find(AsPath.class);
            if (path != null && ctx.external()) {
                if (hasConfederation(path)) {
                    error(PathAttribute.AS_PATH, TREAT_AS_WITHDRAW, Notification.MALFORMED_AS_PATH, null,
                            "confederation segment from an external peer");
                } else if (ctx.peerAs() != 0 && (hasNlri || hasMpReach) && path.firstAs() != ctx.peerAs()) {
                    error(PathAttribute.AS_PATH, TREAT_AS_WITHDRAW, Notification.MALFORMED_AS_PATH, null,
                            "first AS " + path.firstAs() + " is not the peer's AS " + ctx.peerAs());
                }
            }
            // AFI/SAFI disable: nothing more of a disabled family is acted on from this message.
            for (int i = 0; i < errors.size(); i++) {
                UpdateError e = errors.get(i);
                if (e.family() != null) {
                    kept.removeIf(a -> a instanceof MpReach r && r.family().equals(e.family())
                            || a instanceof MpUnreach u && u.family().equals(e.family()));
                }
            }
        }

        private static boolean hasConfederation(AsPath path) {
            for (int i = 0; i < path.segments().size(); i++) {
                if (path.segments().get(i).isConfederation()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void discarded(int code, String reason) {
            errors.add(new UpdateError(code, ATTRIBUTE_DISCARD, Notification.OPTIONAL_ATTRIBUTE_ERROR, reason));
            action = action.strongest(ATTRIBUTE_DISCARD);
        }

        private boolean has(Class<? extends PathAttribute> kind) {
            return find(kind) != null;
        }

        private <T extends PathAttribute> T find(Class<T> kind) {
            for (int i = 0; i < kept.size(); i++) {
                if (kind.isInstance(kept.get(i))) {
                    return kind.cast(kept.get(i));
                }
            }
            return null;
        }
    }

    /** 0.0.0.0/8, 127.0.0.0/8, multicast and class E: never a valid IPv4 next hop. */
    static boolean isMartian(IpAddress address) {
        if (address.v6()) {
            return address.isUnspecified() || address.isLoopback() || address.isMulticast();
        }
        int first = (int) (address.lo() >>> 24);
        return first == 0 || first == 127 || first >= 224;
    }
}
