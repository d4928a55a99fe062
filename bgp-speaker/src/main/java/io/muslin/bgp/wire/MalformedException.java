package io.muslin.bgp.wire;

/**
 * Thrown inside the decoder when one attribute or field is malformed; turned into an
 * {@link UpdateError} (or a session reset) by the generic attribute decoder. Never escapes the codec.
 */
final class MalformedException extends Exception {
    final int subcode;
    /** An action stronger than the attribute's usual one (e.g. session reset when MP_REACH's family is unreadable), or null. */
    final ErrorAction override;

    MalformedException(int subcode, String reason) {
        this(subcode, null, reason);
    }

    MalformedException(int subcode, ErrorAction override, String reason) {
        super(reason, null, false, false);
        this.subcode = subcode;
        this.override = override;
    }
}
