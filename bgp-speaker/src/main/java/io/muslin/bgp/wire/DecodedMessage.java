package io.muslin.bgp.wire;

import java.util.List;

/**
 * The result of decoding one message that did not end the session.
 *
 * @param message the message to act on: for an UPDATE with RFC 7606 errors it is already
 *                repaired (discarded attributes removed; for treat-as-withdraw every prefix
 *                withdrawn; for AFI/SAFI disable the bad MP attribute removed)
 * @param action  the strongest action among {@code errors}, {@link ErrorAction#NONE} when clean
 * @param errors  every problem found, in the order found
 * @param layout  the sender's encoding choices, to reproduce the bytes
 */
public record DecodedMessage(BgpMessage message, ErrorAction action, List<UpdateError> errors, WireLayout layout) {
    public DecodedMessage {
        errors = List.copyOf(errors);
    }

    public static DecodedMessage clean(BgpMessage message) {
        return new DecodedMessage(message, ErrorAction.NONE, List.of(), WireLayout.CANONICAL);
    }
}
