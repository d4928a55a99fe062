package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * What of an UPDATE can be worked out before the RIB's thread takes it, on the thread that
 * decoded it: End-of-RIB or not, the prefixes withdrawn and announced (all families), the next
 * hops, and the attribute set both decoded and packed. Pure: the RIB's state decides later which
 * of the two sets it keeps. Immutable.
 *
 * @param endOfRib  the family this UPDATE ends the RIB of, or null
 * @param decoded   the announced prefixes' attribute set, decoded; null when nothing is announced
 * @param packed    the same set in its wire encoding ({@link AttrSet#packed()}), or {@code decoded}
 *                  when it does not pack
 */
record ReceivedUpdate(AfiSafi endOfRib, List<IpPrefix> withdrawn, List<IpPrefix> announced, AttrSet decoded, AttrSet packed) {

    /** @param lastNextHops the sender's previous next hops: used instead of an equal list, so its sets share one */
    static ReceivedUpdate of(Update u, List<IpAddress> lastNextHops) {
        return of(u, null, lastNextHops);
    }

    /**
     * @param packedAttributes the decoder's copy of the set in its packed form
     *                         ({@link io.muslin.bgp.wire.DecodedMessage#packedAttributes}), or null to pack it here
     */
    static ReceivedUpdate of(Update u, byte[] packedAttributes, List<IpAddress> lastNextHops) {
        AfiSafi eor = u.endOfRibFamily().orElse(null);
        if (eor != null) {
            return new ReceivedUpdate(eor, List.of(), List.of(), null, null);
        }
        List<IpPrefix> announced = u.announced();
        if (announced.isEmpty()) {
            return new ReceivedUpdate(null, u.allWithdrawn(), announced, null, null);
        }
        AttrSet decoded = AttrSet.of(u.attributes(), nextHops(u, lastNextHops));
        AttrSet packed = packedAttributes != null ? decoded.packedAs(packedAttributes) : decoded.packed();
        return new ReceivedUpdate(null, u.allWithdrawn(), announced, decoded, packed);
    }

    /** MP_REACH_NLRI's next hops, else NEXT_HOP's address, in one pass; {@code last} when equal. */
    static List<IpAddress> nextHops(Update u, List<IpAddress> last) {
        List<IpAddress> hops = List.of();
        List<PathAttribute> attrs = u.attributes();
        for (int i = 0; i < attrs.size(); i++) {
            if (attrs.get(i) instanceof PathAttribute.MpReach mp) {
                hops = mp.nextHops();
                break;
            }
            if (attrs.get(i) instanceof PathAttribute.NextHop h) {
                if (last.size() == 1 && last.getFirst().equals(h.address())) {
                    return last;
                }
                hops = List.of(h.address());
            }
        }
        return hops.equals(last) ? last : List.copyOf(hops);
    }

    /** The next hops of the set, for the sender's next UPDATE ({@code last} when nothing is announced). */
    List<IpAddress> nextHopsOr(List<IpAddress> last) {
        return decoded == null ? last : decoded.nextHops();
    }
}
