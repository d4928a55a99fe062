package io.muslin.datastore.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A block of addresses owned by one node (Calico's IPAMBlock): {@code allocations[i]} is the index
 * into {@code attributes} of the owner of ordinal {@code i}, or null when free; {@code unallocated}
 * lists the free ordinals in the order they will be handed out. The block's name is its CIDR in
 * key form (e.g. {@code 10.0.0.64-26}).
 */
public record IPAMBlock(ObjectMeta metadata, Spec spec) implements Resource {
    /** Calico's IPAMBlockSpec; {@code affinity} is "host:&lt;node&gt;" (or null for an orphan). */
    public record Spec(String cidr, String affinity, List<Integer> allocations, List<Integer> unallocated,
                       List<Attribute> attributes, Boolean deleted) {
        public Spec {
            allocations = allocations == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(allocations));
            unallocated = unallocated == null ? List.of() : List.copyOf(unallocated);
            attributes = attributes == null ? List.of() : List.copyOf(attributes);
        }
    }

    /** Who holds an address: the handle (e.g. the container id) and free-form attributes (pod, namespace, node). */
    public record Attribute(@JsonProperty("handle_id") String handleId, Map<String, String> secondary) {}

    @Override
    public List<FieldError> validate() {
        Check c = new Check();
        if (metadata == null || metadata.name() == null) {
            c.fail("metadata.name", "is required");
        }
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        IpPrefix cidr = c.cidr("spec.cidr", spec.cidr());
        if (cidr != null && cidr.size().intValue() != spec.allocations().size()) {
            c.fail("spec.allocations", "has " + spec.allocations().size() + " entries, block " + cidr + " has " + cidr.size());
        }
        if (spec.affinity() != null && !spec.affinity().startsWith("host:")) {
            c.fail("spec.affinity", "'" + spec.affinity() + "' must be of the form host:<node>");
        }
        for (int i = 0; i < spec.allocations().size(); i++) {
            Integer a = spec.allocations().get(i);
            if (a != null && (a < 0 || a >= spec.attributes().size())) {
                c.fail("spec.allocations[" + i + "]", "points at attribute " + a + " of " + spec.attributes().size());
            }
        }
        return c.errors();
    }

    @Override
    public IPAMBlock withMetadata(ObjectMeta m) {
        return new IPAMBlock(m, spec);
    }

    /** The block's network (valid blocks only). */
    public IpPrefix cidr() {
        return IpPrefix.parse(spec.cidr());
    }

    /** The node this block is affine to, or null. */
    public String affinityNode() {
        return spec.affinity() != null && spec.affinity().startsWith("host:") ? spec.affinity().substring(5) : null;
    }
}
