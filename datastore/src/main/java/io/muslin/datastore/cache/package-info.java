/**
 * Caches kept current from the store: {@link io.muslin.datastore.cache.Informer} lists a key
 * prefix at revision N, watches from N + 1 and keeps the result in memory — no gap, no repeat;
 * after compaction it lists again and delivers exactly the differences; while the store is away it
 * serves what it has, reports the connection state and resumes by itself. Its
 * {@link io.muslin.datastore.cache.InformerListener} gets a synced signal, per-change callbacks
 * with previous values, and batch ends to reconcile at; {@link io.muslin.datastore.cache.CacheSnapshot}
 * is a consistent read at one revision; {@link io.muslin.datastore.cache.InformerStats} carries the
 * counters the agent exports (reconnects, re-lists, revision lag, delivery delay). Modelled on the
 * Kubernetes client-go informer (list, watch from the list's resourceVersion, re-list on "410 Gone").
 */
package io.muslin.datastore.cache;
