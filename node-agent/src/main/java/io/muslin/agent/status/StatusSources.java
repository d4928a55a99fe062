package io.muslin.agent.status;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The parts of the agent that feed {@code /status}, {@code /readyz} and {@code /metrics}: each a
 * small provider the part that owns the state implements. Providers are called from the HTTP
 * worker threads, so they return snapshots and must be safe to call from any thread.
 *
 * @param peers     the speaker's sessions
 * @param routes    the route programmer's summary
 * @param routeList the route programmer's routes, one by one
 * @param blocks    this node's IPAM blocks
 * @param policy    the policy dataplane
 * @param datastore the datastore connection
 */
public record StatusSources(Supplier<List<PeeringStatus>> peers, Supplier<RouteSummary> routes,
                            Supplier<List<RouteEntry>> routeList, Supplier<List<BlockStatus>> blocks,
                            Supplier<PolicySummary> policy, Supplier<DatastoreStatus> datastore) {
    public StatusSources {
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(routeList, "routeList");
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(datastore, "datastore");
    }

    /**
     * Sources for an agent whose speaker, route programmer and policy dataplane are not running:
     * no peers, no routes (so never ready), the configured policy settings, and the given datastore view.
     */
    public static StatusSources withoutDataplane(boolean policyEnabled, String backend, Supplier<DatastoreStatus> datastore) {
        PolicySummary policy = new PolicySummary(policyEnabled, backend, 0, 0, 0, null, null);
        return new StatusSources(List::of, RouteSummary::none, List::of, List::of, () -> policy, datastore);
    }

    public StatusSources withPeers(Supplier<List<PeeringStatus>> p) {
        return new StatusSources(p, routes, routeList, blocks, policy, datastore);
    }

    public StatusSources withRoutes(Supplier<RouteSummary> summary, Supplier<List<RouteEntry>> list) {
        return new StatusSources(peers, summary, list, blocks, policy, datastore);
    }

    public StatusSources withBlocks(Supplier<List<BlockStatus>> b) {
        return new StatusSources(peers, routes, routeList, b, policy, datastore);
    }

    public StatusSources withPolicy(Supplier<PolicySummary> p) {
        return new StatusSources(peers, routes, routeList, blocks, p, datastore);
    }
}
