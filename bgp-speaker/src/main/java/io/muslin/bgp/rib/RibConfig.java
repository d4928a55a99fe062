package io.muslin.bgp.rib;

import io.muslin.bgp.settings.RoutingSettings;
import java.time.Duration;

/**
 * What the RIB is started with. The AS, the router id and the restart facts hold for the life
 * of the RIB; {@code routing} is only the first routing settings ({@link RibCore#setRouting}
 * changes them at runtime).
 *
 * @param restarting        this speaker restarted gracefully: defer selection until peers' End-of-RIB
 * @param selectionDeferral the longest wait for those End-of-RIBs
 */
public record RibConfig(long localAs, int routerId, boolean restarting, Duration selectionDeferral,
                        RoutingSettings routing) {
    public static RibConfig of(long localAs, int routerId) {
        return new RibConfig(localAs, routerId, false, Duration.ofSeconds(360), RoutingSettings.DEFAULT);
    }

    public RibConfig withRouting(RoutingSettings r) {
        return new RibConfig(localAs, routerId, restarting, selectionDeferral, r);
    }

    public RibConfig withRestarting(boolean r, Duration deferral) {
        return new RibConfig(localAs, routerId, r, deferral, routing);
    }
}
