package io.muslin.bgp.wire;

/**
 * One problem found in an UPDATE and what RFC 7606 says to do about it.
 *
 * @param attributeCode the attribute's type code, or -1 when the problem is not in one attribute
 * @param subcode       the UPDATE error subcode (RFC 4271 §6.3) that names the problem
 * @param family        the family concerned for {@link ErrorAction#AFI_SAFI_DISABLE}, else null
 */
public record UpdateError(int attributeCode, ErrorAction action, int subcode, AfiSafi family, String reason) {
    public UpdateError(int attributeCode, ErrorAction action, int subcode, String reason) {
        this(attributeCode, action, subcode, null, reason);
    }

    @Override
    public String toString() {
        return action.label() + " (3/" + subcode + " " + Notification.name(3, subcode)
                + (attributeCode >= 0 ? ", attribute " + attributeCode : "") + "): " + reason;
    }
}
