package io.muslin.bgp.wire;

/**
 * What a receiver does about a malformed UPDATE (RFC 7606 §2), weakest first: when several
 * errors are found the strongest action wins.
 */
public enum ErrorAction {
    /** Nothing wrong, or something that needs no action (a duplicate attribute's second copy is ignored). */
    NONE,
    /** Drop the malformed attribute, keep the route. */
    ATTRIBUTE_DISCARD,
    /** Handle every prefix in the UPDATE as withdrawn. */
    TREAT_AS_WITHDRAW,
    /** Drop the family's routes from this peer and ignore that family for the rest of the session. */
    AFI_SAFI_DISABLE,
    /** Send a NOTIFICATION and close the session. */
    SESSION_RESET;

    public ErrorAction strongest(ErrorAction other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** "treat-as-withdraw", as in logs and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
