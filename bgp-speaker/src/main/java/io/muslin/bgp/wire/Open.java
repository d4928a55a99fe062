package io.muslin.bgp.wire;

import java.util.List;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492). {@code myAutonomousSystem} is the
 * 2-octet field as sent (AS_TRANS 23456 for a 4-octet AS, RFC 6793); {@link #asNumber()} gives
 * the real AS.
 *
 * @param bgpIdentifier the BGP identifier as an unsigned 32-bit value in an int
 */
public record Open(int version, int myAutonomousSystem, int holdTime, int bgpIdentifier,
                   List<Capability> capabilities) implements BgpMessage {
    public static final int AS_TRANS = 23456;

    public Open {
        capabilities = List.copyOf(capabilities);
    }

    /** An OPEN for this speaker: version 4, AS_TRANS in the 2-octet field when the AS needs 4 octets. */
    public static Open of(long asNumber, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        int twoOctet = asNumber > 0xFFFF ? AS_TRANS : (int) asNumber;
        return new Open(4, twoOctet, holdTime, bgpIdentifier, capabilities);
    }

    @Override
    public int type() {
        return TYPE_OPEN;
    }

    /** The sender's AS: the 4-octet AS capability's value when present, else the 2-octet field. */
    public long asNumber() {
        for (Capability c : capabilities) {
            if (c instanceof Capability.FourOctetAs f) {
                return f.asNumber();
            }
        }
        return myAutonomousSystem;
    }

    public <T extends Capability> List<T> capabilities(Class<T> kind) {
        return capabilities.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public boolean has(Class<? extends Capability> kind) {
        return capabilities.stream().anyMatch(kind::isInstance);
    }

    /** The families this OPEN offers: its multiprotocol capabilities, or IPv4 unicast when it has none (RFC 4760 §8). */
    public List<AfiSafi> families() {
        List<AfiSafi> mp = capabilities(Capability.Multiprotocol.class).stream()
                .map(Capability.Multiprotocol::family).toList();
        return mp.isEmpty() ? List.of(AfiSafi.IPV4_UNICAST) : mp;
    }
}
