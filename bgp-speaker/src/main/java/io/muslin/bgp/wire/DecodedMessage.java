package io.muslin.bgp.wire;

import java.util.List;
import java.util.Objects;

/**
 * The result of decoding one message that did not end the session.
 *
 * @param message the message to act on: for an UPDATE with RFC 7606 errors it is already
 *                repaired (discarded attributes removed; for treat-as-withdraw every prefix
 *                withdrawn; for AFI/SAFI disable the bad MP attribute removed)
 * @param action  the strongest action among {@code errors}, {@link ErrorAction#NONE} when clean
 * @param errors  every problem found, in the order found
 * @param layout  the sender's encoding choices, to reproduce the bytes
 * @param packedAttributes for a clean UPDATE on a 4-octet-AS session whose attributes (other than
 *                NEXT_HOP and MP_(UN)REACH_NLRI) all pack and came in type-code order: exactly
 *                {@link PackedAttributes#pack} of them, copied from the message instead of encoded
 *                again; else null. Not part of equality: it is derived from {@code message}.
 */
public record DecodedMessage(BgpMessage message, ErrorAction action, List<UpdateError> errors, WireLayout layout,
                             byte[] packedAttributes) {
    public DecodedMessage {
        errors = List.copyOf(errors);
    }

    public DecodedMessage(BgpMessage message, ErrorAction action, List<UpdateError> errors, WireLayout layout) {
        this(message, action, errors, layout, null);
    }

    public static DecodedMessage clean(BgpMessage message) {
        return new DecodedMessage(message, ErrorAction.NONE, List.of(), WireLayout.CANONICAL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedMessage d && d.message.equals(message) && d.action == action && d.errors.equals(errors)
                && d.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, action, errors, layout);
    }

    @Override
    public String toString() {
        return "DecodedMessage[message=" + message + ", action=" + action + ", errors=" + errors + ", layout=" + layout
                + (packedAttributes == null ? "" : ", packed " + packedAttributes.length + " octets") + "]";
    }
}
