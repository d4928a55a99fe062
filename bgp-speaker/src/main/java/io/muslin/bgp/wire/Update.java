package io.muslin.bgp.wire;

import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3): withdrawn IPv4 prefixes, path attributes (MP_REACH/MP_UNREACH carry
 * the other families, RFC 4760), and IPv4 NLRI.
 */
public record Update(List<IpPrefix> withdrawn, List<PathAttribute> attributes, List<IpPrefix> nlri)
        implements BgpMessage {

    public Update {
        withdrawn = FrozenList.copyOf(withdrawn);
        attributes = FrozenList.copyOf(attributes);
        nlri = FrozenList.copyOf(nlri);
    }

    /** End-of-RIB for a family (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an empty MP_UNREACH otherwise. */
    public static Update endOfRib(AfiSafi family) {
        if (family.equals(AfiSafi.IPV4_UNICAST)) {
            return new Update(List.of(), List.of(), List.of());
        }
        return new Update(List.of(), List.of(new PathAttribute.MpUnreach(family, List.of())), List.of());
    }

    @Override
    public int type() {
        return TYPE_UPDATE;
    }

    public <T extends PathAttribute> Optional<T> attribute(Class<T> kind) {
        for (int i = 0; i < attributes.size(); i++) {
            if (kind.isInstance(attributes.get(i))) {
                return Optional.of(kind.cast(attributes.get(i)));
            }
        }
        return Optional.empty();
    }

    /** The family this UPDATE marks End-of-RIB for, if it is an End-of-RIB marker. */
    public Optional<AfiSafi> endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty()) {
            return Optional.empty();
        }
        if (attributes.isEmpty()) {
            return Optional.of(AfiSafi.IPV4_UNICAST);
        }
        if (attributes.size() == 1 && attributes.getFirst() instanceof PathAttribute.MpUnreach u
                && u.withdrawn().isEmpty()) {
            return Optional.of(u.family());
        }
        return Optional.empty();
    }

    public boolean isEndOfRib() {
        return endOfRibFamily().isPresent();
    }

    /** Every prefix this UPDATE announces: the IPv4 NLRI and those in MP_REACH_NLRI. */
    public List<IpPrefix> announced() {
        Optional<PathAttribute.MpReach> mp = attribute(PathAttribute.MpReach.class);
        if (mp.isEmpty()) {
            return nlri;
        }
        List<IpPrefix> all = new ArrayList<>(nlri.size() + mp.get().nlri().size());
        all.addAll(nlri);
        all.addAll(mp.get().nlri());
        return all;
    }

    /** Every prefix this UPDATE withdraws: the IPv4 withdrawn routes and those in MP_UNREACH_NLRI. */
    public List<IpPrefix> allWithdrawn() {
        Optional<PathAttribute.MpUnreach> mp = attribute(PathAttribute.MpUnreach.class);
        if (mp.isEmpty()) {
            return withdrawn;
        }
        List<IpPrefix> all = new ArrayList<>(withdrawn.size() + mp.get().withdrawn().size());
        all.addAll(withdrawn);
        all.addAll(mp.get().withdrawn());
        return all;
    }

    /** RFC 7606 treat-as-withdraw: the same message with every announced prefix withdrawn and no attributes. */
    public Update asWithdraw() {
        List<IpPrefix> all = new ArrayList<>(allWithdrawn());
        all.addAll(announced());
        return new Update(all, List.of(), List.of());
    }
}
