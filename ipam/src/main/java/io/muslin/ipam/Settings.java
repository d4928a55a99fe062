package io.muslin.ipam;

import io.muslin.datastore.model.IPAMConfig;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Selector;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What IPAM decisions depend on, read together: pools, the IPAM config, reservations. */
record Settings(List<IPPool> pools, IPAMConfig config, List<IpPrefix> reservations, long readAtNanos,
                Map<String, IpPrefix> poolCidrs, Map<String, Selector> selectors) {

    Settings(List<IPPool> pools, IPAMConfig config, List<IpPrefix> reservations, long readAtNanos) {
        this(pools, config, reservations, readAtNanos, cidrs(pools), selectors(pools));
    }

    private static Map<String, IpPrefix> cidrs(List<IPPool> pools) {
        Map<String, IpPrefix> m = new java.util.HashMap<>();
        pools.forEach(p -> m.put(p.metadata().name(), p.cidr()));
        return Map.copyOf(m);
    }

    private static Map<String, Selector> selectors(List<IPPool> pools) {
        Map<String, Selector> m = new java.util.HashMap<>();
        pools.forEach(p -> m.put(p.metadata().name(), Selector.parse(p.spec().nodeSelector())));
        return Map.copyOf(m);
    }

    /** The pool's network, parsed once per settings read. */
    IpPrefix cidr(IPPool p) {
        IpPrefix c = poolCidrs.get(p.metadata().name());
        return c != null ? c : p.cidr();
    }

    boolean inAny(List<IPPool> among, IpPrefix block) {
        for (IPPool p : among) {
            if (cidr(p).contains(block)) {
                return true;
            }
        }
        return false;
    }

    /** A predicate for "reserved", or null when nothing is reserved (the fast path). */
    java.util.function.Predicate<IpAddress> reservedOrNull() {
        return reservations.isEmpty() ? null : this::reserved;
    }

    boolean reserved(IpAddress a) {
        for (IpPrefix r : reservations) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    Optional<IPPool> poolOf(IpPrefix block) {
        for (IPPool p : pools) {
            if (cidr(p).contains(block)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Optional<IPPool> pool(String name) {
        return pools.stream().filter(p -> p.metadata().name().equals(name)).findFirst();
    }

    /** Enabled pools of one family that select this node (and are among {@code only}, when given). */
    List<IPPool> usable(boolean ipv6, Map<String, String> nodeLabels, List<String> only) {
        // Every assignment asks: a plain loop, and a pool's selector parsed once per settings read.
        List<IPPool> out = new java.util.ArrayList<>(pools.size());
        for (IPPool p : pools) {
            if (p.disabled() || cidr(p).v6() != ipv6) {
                continue;
            }
            String name = p.metadata().name();
            if (only != null && !only.isEmpty() && !only.contains(name)) {
                continue;
            }
            Selector sel = selectors.get(name);
            if ((sel != null ? sel : Selector.parse(p.spec().nodeSelector())).matches(nodeLabels)) {
                out.add(p);
            }
        }
        return out;
    }
}
