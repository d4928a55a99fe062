package io.muslin.agent.routing;

import io.muslin.datastore.model.IPPool;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Pool;
import java.util.Collection;
import java.util.List;

/**
 * An {@link IPPool} as the route programmer's {@link Pool}: its CIDR and its {@code ipipMode} /
 * {@code vxlanMode} ({@code Always}, {@code CrossSubnet}, {@code Never}; absent is Never). The
 * programmer chooses the encapsulation per destination from the pool that contains it.
 */
public final class PoolMapping {
    private PoolMapping() {
    }

    public static Pool toPool(IPPool p) {
        return new Pool(p.cidr(), mode(p.spec().ipipMode()), mode(p.spec().vxlanMode()));
    }

    /** Every pool, disabled ones too (their existing blocks are still routed), sorted by CIDR. */
    public static List<Pool> toPools(Collection<IPPool> pools) {
        return pools.stream().map(PoolMapping::toPool).sorted((a, b) -> a.cidr().compareTo(b.cidr())).toList();
    }

    static EncapMode mode(String calico) {
        return switch (calico == null ? "Never" : calico) {
            case "Always" -> EncapMode.ALWAYS;
            case "CrossSubnet" -> EncapMode.CROSS_SUBNET;
            case "Never" -> EncapMode.NEVER;
            // Validated by the datastore before it is stored; a value it let through is treated as off.
            default -> EncapMode.NEVER;
        };
    }

    /** True when some pool wants ipip ({@code tunl0}) or vxlan: the node then needs a tunnel address. */
    public static boolean anyTunnel(Collection<Pool> pools) {
        return pools.stream().anyMatch(p -> p.ipipMode() != EncapMode.NEVER || p.vxlanMode() != EncapMode.NEVER);
    }
}
