package io.muslin.routing.reconcile;

/** One route (or neighbour, or device) the reconciler could not bring to its desired state, and why. */
public record RouteError(String object, String operation, String reason) {
    @Override
    public String toString() {
        return operation + " " + object + ": " + reason;
    }
}
