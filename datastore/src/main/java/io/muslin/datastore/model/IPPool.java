package io.muslin.datastore.model;

import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A range pod addresses come from, carved into blocks of {@code blockSize} (Calico's IPPool). */
public record IPPool(ObjectMeta metadata, Spec spec) implements Resource {
    public static final Set<String> MODES = Set.of("Never", "Always", "CrossSubnet");

    /** Calico's IPPoolSpec. Modes are "Never", "Always" or "CrossSubnet". */
    public record Spec(String cidr, Integer blockSize, String ipipMode, String vxlanMode, Boolean natOutgoing,
                       Boolean disabled, Boolean disableBGPExport, String nodeSelector) {}

    public static IPPool of(String name, String cidr, int blockSize) {
        return new IPPool(ObjectMeta.named(name), new Spec(cidr, blockSize, "Never", "Never", false, false, false, "all()"));
    }

    /** The pool's network (valid pools only). */
    public IpPrefix cidr() {
        return IpPrefix.parse(spec.cidr());
    }

    /** The block size, defaulting as Calico does: 26 for IPv4, 122 for IPv6. */
    public int blockSize() {
        if (spec.blockSize() != null) {
            return spec.blockSize();
        }
        return cidr().v6() ? 122 : 26;
    }

    public boolean disabled() {
        return Boolean.TRUE.equals(spec.disabled());
    }

    public IPPool withDisabled(boolean d) {
        Spec s = spec;
        return new IPPool(metadata, new Spec(s.cidr(), s.blockSize(), s.ipipMode(), s.vxlanMode(), s.natOutgoing(), d,
                s.disableBGPExport(), s.nodeSelector()));
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        IpPrefix cidr = c.cidr("spec.cidr", spec.cidr());
        if (cidr != null) {
            boolean v6 = cidr.v6();
            int min = v6 ? 116 : 20;
            int max = v6 ? 128 : 32;
            if (spec.blockSize() != null) {
                if (spec.blockSize() < min || spec.blockSize() > max) {
                    c.fail("spec.blockSize", "block size " + spec.blockSize() + " is out of range (" + min + ".." + max
                            + " for " + (v6 ? "IPv6" : "IPv4") + ")");
                } else if (spec.blockSize() < cidr.length()) {
                    c.fail("spec.blockSize", "block size /" + spec.blockSize() + " is larger than the pool " + cidr);
                }
            } else if (cidr.length() > (v6 ? 122 : 26)) {
                c.fail("spec.blockSize", "default block size /" + (v6 ? 122 : 26) + " is larger than the pool " + cidr);
            }
            if (v6 && spec.ipipMode() != null && !"Never".equals(spec.ipipMode())) {
                c.fail("spec.ipipMode", "IPIP is not available for IPv6 pools");
            }
        }
        c.oneOf("spec.ipipMode", spec.ipipMode(), MODES);
        c.oneOf("spec.vxlanMode", spec.vxlanMode(), MODES);
        if (spec.ipipMode() != null && spec.vxlanMode() != null && !"Never".equals(spec.ipipMode())
                && !"Never".equals(spec.vxlanMode()) && MODES.contains(spec.ipipMode()) && MODES.contains(spec.vxlanMode())) {
            c.fail("spec.vxlanMode", "cannot enable both ipipMode and vxlanMode on one pool");
        }
        if (spec.nodeSelector() != null) {
            try {
                Selector.parse(spec.nodeSelector());
            } catch (IllegalArgumentException e) {
                c.fail("spec.nodeSelector", e.getMessage());
            }
        }
        return c.errors();
    }

    /** Errors for pools that overlap each other (each pool must be valid on its own first). */
    public static List<FieldError> overlaps(List<IPPool> pools) {
        List<FieldError> out = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                IpPrefix a = pools.get(i).cidr();
                IpPrefix b = pools.get(j).cidr();
                if (a.overlaps(b)) {
                    out.add(new FieldError("spec.cidr", "pool " + pools.get(j).metadata().name() + " (" + b
                            + ") overlaps pool " + pools.get(i).metadata().name() + " (" + a + ")"));
                }
            }
        }
        return out;
    }

    @Override
    public IPPool withMetadata(ObjectMeta m) {
        return new IPPool(m, spec);
    }
}
