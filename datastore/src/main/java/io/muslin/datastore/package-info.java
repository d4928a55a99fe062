/**
 * The store behind Muslin's cluster state: a small key-value contract ({@link io.muslin.datastore.Datastore})
 * with the operations etcd v3 offers — get, list by prefix (with the revision it read at), create-if-absent,
 * update with a modification-revision compare-and-swap, delete, multi-key transactions, and watch from a
 * revision that resumes after a disconnect without missing or repeating an event, with previous values
 * and progress reports.
 *
 * <p>Two implementations: {@link io.muslin.datastore.etcd.EtcdDatastore} (etcd v3 API through jetcd)
 * for clusters and {@link io.muslin.datastore.file.FileDatastore} (a journal plus snapshot on local
 * disk) for one process. The resource model ({@code io.muslin.datastore.model}) and its typed access
 * ({@link io.muslin.datastore.ResourceStore}: list at a revision, typed watch of
 * {@link io.muslin.datastore.ResourceEvent}s) sit on top of the contract, and the informer caches of
 * {@code io.muslin.datastore.cache} on top of that. No class here reads a configuration file or an
 * environment variable: the agent passes every value in.
 */
package io.muslin.datastore;
