package io.muslin.agent.status;

import java.time.Instant;

/**
 * The datastore connection.
 *
 * @param description        which store ({@code etcd [http://10.0.0.5:2379]}, {@code file store /var/lib/muslin})
 * @param connected          whether the last operation reached it
 * @param since              when {@code connected} last changed; null before the first check
 * @param revision           the store revision last seen
 * @param watchLagRevisions  store revisions not yet processed by the agent's watches
 * @param reconnects         times the connection came back after being lost
 * @param lastError          why it is not connected; null when it is
 */
public record DatastoreStatus(String description, boolean connected, Instant since, long revision, long watchLagRevisions,
                              long reconnects, String lastError) {}
