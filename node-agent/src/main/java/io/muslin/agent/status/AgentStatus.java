package io.muslin.agent.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.muslin.exabgp.BridgeStatus;
import java.time.Instant;
import java.util.List;

/**
 * The agent's {@code /status} document: what a person or {@code muslin status} needs to see whether
 * this node's pod network works and, if not, where it breaks.
 *
 * @param node       this node's name
 * @param version    the agent's version
 * @param startedAt  when this agent process started
 * @param readiness  whether the node is ready ({@code /readyz}), with the reason when not
 * @param datastore  the datastore connection
 * @param peers      the BGP sessions
 * @param routes     the routes this agent programs into the kernel, counted by kind
 * @param blocks     this node's IPAM blocks
 * @param policy     network policy enforcement
 * @param lastErrors the most recent errors of every part, newest last
 * @param exabgp     the ExaBGP bridge (its process, restarts, skipped lines); absent when no peer uses it
 */
public record AgentStatus(String node, String version, Instant startedAt, Check readiness, DatastoreStatus datastore,
                          List<PeeringStatus> peers, RouteSummary routes, List<BlockStatus> blocks, PolicySummary policy,
                          List<ErrorEntry> lastErrors, @JsonInclude(JsonInclude.Include.NON_NULL) BridgeStatus exabgp) {
    public AgentStatus {
        peers = List.copyOf(peers);
        blocks = List.copyOf(blocks);
        lastErrors = List.copyOf(lastErrors);
    }

    /** Without the ExaBGP bridge. */
    public AgentStatus(String node, String version, Instant startedAt, Check readiness, DatastoreStatus datastore,
                       List<PeeringStatus> peers, RouteSummary routes, List<BlockStatus> blocks, PolicySummary policy,
                       List<ErrorEntry> lastErrors) {
        this(node, version, startedAt, readiness, datastore, peers, routes, blocks, policy, lastErrors, null);
    }
}
