package io.muslin.datastore.model;

import java.util.List;

/** Cluster-wide IPAM settings (Calico's IPAMConfiguration, one object named "default"). */
public record IPAMConfig(ObjectMeta metadata, Spec spec) implements Resource {
    /**
     * @param strictAffinity   when true a node never takes an address from another node's block
     * @param maxBlocksPerHost most blocks one node may own; 0 means no limit
     * @param autoAllocateBlocks when false nodes never claim new blocks
     */
    public record Spec(Boolean strictAffinity, Integer maxBlocksPerHost, Boolean autoAllocateBlocks) {}

    public static IPAMConfig defaults() {
        return new IPAMConfig(ObjectMeta.named("default"), new Spec(false, 0, true));
    }

    public boolean strictAffinity() {
        return spec != null && Boolean.TRUE.equals(spec.strictAffinity());
    }

    public int maxBlocksPerHost() {
        return spec == null || spec.maxBlocksPerHost() == null ? 0 : spec.maxBlocksPerHost();
    }

    public boolean autoAllocateBlocks() {
        return spec == null || !Boolean.FALSE.equals(spec.autoAllocateBlocks());
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec != null) {
            c.range("spec.maxBlocksPerHost", spec.maxBlocksPerHost(), 0, Integer.MAX_VALUE);
        }
        return c.errors();
    }

    @Override
    public IPAMConfig withMetadata(ObjectMeta m) {
        return new IPAMConfig(m, spec);
    }
}
