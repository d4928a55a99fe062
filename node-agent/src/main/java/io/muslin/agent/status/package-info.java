/**
 * What the agent reports about itself: the {@code /status} document's records, the providers that
 * feed them ({@link io.muslin.agent.status.StatusSources}), liveness and readiness. The command line
 * reads the same records back from the agent's JSON.
 */
package io.muslin.agent.status;
