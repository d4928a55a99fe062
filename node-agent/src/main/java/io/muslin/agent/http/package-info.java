/**
 * The agent's HTTP API (vert.x core): {@code /healthz} (liveness), {@code /readyz} (200, or 503 with
 * the reason), {@code /status} (JSON), {@code /routes} (JSON) and {@code /metrics} (Prometheus text).
 */
package io.muslin.agent.http;
