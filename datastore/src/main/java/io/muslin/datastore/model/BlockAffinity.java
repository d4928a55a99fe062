package io.muslin.datastore.model;

import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Set;

/**
 * A node's claim on a block (Calico's BlockAffinity). {@code pending} while the claim is in
 * progress, {@code confirmed} once the block exists with this node as owner (only confirmed
 * affinities are advertised), {@code pendingDeletion} while it is being released.
 */
public record BlockAffinity(ObjectMeta metadata, Spec spec) implements Resource {
    public static final String PENDING = "pending";
    public static final String CONFIRMED = "confirmed";
    public static final String PENDING_DELETION = "pendingDeletion";

    /** Calico's BlockAffinitySpec. */
    public record Spec(String state, String node, String cidr, Boolean deleted) {}

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        c.require("spec.node", spec.node());
        c.cidr("spec.cidr", spec.cidr());
        c.require("spec.state", spec.state());
        c.oneOf("spec.state", spec.state(), Set.of(PENDING, CONFIRMED, PENDING_DELETION));
        return c.errors();
    }

    @Override
    public BlockAffinity withMetadata(ObjectMeta m) {
        return new BlockAffinity(m, spec);
    }

    /** The block's network (valid affinities only). */
    public IpPrefix cidr() {
        return IpPrefix.parse(spec.cidr());
    }

    public boolean confirmed() {
        return CONFIRMED.equals(spec.state());
    }

    public BlockAffinity withState(String state) {
        return new BlockAffinity(metadata, new Spec(state, spec.node(), spec.cidr(), spec.deleted()));
    }
}
