package io.muslin.agent.status;

import java.util.List;

/**
 * When a node is ready to carry pod traffic, as Calico gates a rolling update: the datastore is
 * reachable, every configured BGP session is Established, and the first complete route apply is
 * done. A pure function of the status; the reason names the first thing missing.
 */
public final class Readiness {
    private Readiness() {
    }

    public static Check evaluate(DatastoreStatus datastore, List<PeeringStatus> peers, RouteSummary routes) {
        if (!datastore.connected()) {
            return Check.failed("datastore " + datastore.description() + " is not reachable"
                    + (datastore.lastError() == null ? "" : ": " + datastore.lastError()));
        }
        List<PeeringStatus> down = peers.stream().filter(p -> !p.established()).toList();
        if (!down.isEmpty()) {
            PeeringStatus p = down.getFirst();
            return Check.failed("BGP session with " + p.address() + " (" + p.typeLabel() + ") is " + p.state()
                    + (p.downReason() == null || p.downReason().isEmpty() ? "" : " (" + p.downReason() + ")")
                    + (down.size() > 1 ? " and " + (down.size() - 1) + " more not Established" : ""));
        }
        if (!routes.firstApplyDone()) {
            return Check.failed("routes: the first complete apply is not done"
                    + (routes.lastError() == null ? "" : " (" + routes.lastError() + ")"));
        }
        return Check.passed("ready");
    }
}
