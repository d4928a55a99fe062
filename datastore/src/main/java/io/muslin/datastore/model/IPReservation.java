package io.muslin.datastore.model;

import io.muslin.net.IpPrefix;
import java.util.List;

/** Addresses IPAM must never hand out (Calico's IPReservation). */
public record IPReservation(ObjectMeta metadata, Spec spec) implements Resource {
    /** Calico's IPReservationSpec: CIDRs (a single address as /32 or /128). */
    public record Spec(List<String> reservedCIDRs) {
        public Spec {
            reservedCIDRs = reservedCIDRs == null ? List.of() : List.copyOf(reservedCIDRs);
        }
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        for (int i = 0; i < spec.reservedCIDRs().size(); i++) {
            c.cidr("spec.reservedCIDRs[" + i + "]", spec.reservedCIDRs().get(i));
        }
        return c.errors();
    }

    /** The reserved networks (valid reservations only). */
    public List<IpPrefix> prefixes() {
        return spec.reservedCIDRs().stream().map(IpPrefix::parse).toList();
    }

    @Override
    public IPReservation withMetadata(ObjectMeta m) {
        return new IPReservation(m, spec);
    }
}
