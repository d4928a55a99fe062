package io.muslin.routing.reconcile;

import java.util.List;

/** What {@link Cleanup#removeAll} removed, and what it could not. */
public record CleanupReport(int routesDeleted, int tunnelAddressesRemoved, boolean vxlanDeviceDeleted, List<RouteError> errors) {

    public CleanupReport {
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
