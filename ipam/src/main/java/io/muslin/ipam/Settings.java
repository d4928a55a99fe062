package io.muslin.ipam;

import io.muslin.datastore.model.Cidr;
import io.muslin.datastore.model.IPAMConfig;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Selector;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What IPAM decisions depend on, read together: pools, the IPAM config, reservations. */
record Settings(List<IPPool> pools, IPAMConfig config, List<Cidr> reservations, long readAtNanos) {

    boolean reserved(InetAddress a) {
        for (Cidr r : reservations) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    Optional<IPPool> poolOf(Cidr block) {
        for (IPPool p : pools) {
            if (p.cidr().contains(block)) {
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
        return pools.stream()
                .filter(p -> !p.disabled())
                .filter(p -> p.cidr().isIpv6() == ipv6)
                .filter(p -> only == null || only.isEmpty() || only.contains(p.metadata().name()))
                .filter(p -> Selector.parse(p.spec().nodeSelector()).matches(nodeLabels))
                .toList();
    }
}
