/**
 * The {@link io.muslin.datastore.Datastore} contract on etcd v3 through jetcd: endpoints, TLS,
 * username/password, request timeouts, retry with exponential backoff, errors that say which
 * endpoints were tried and why while etcd is away, and watches that resume from the last
 * delivered revision after a disconnect or an etcd restart (no gap, no repeat).
 */
package io.muslin.datastore.etcd;
