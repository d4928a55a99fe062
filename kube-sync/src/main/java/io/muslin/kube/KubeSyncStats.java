package io.muslin.kube;

/**
 * What the sync has done since it started.
 *
 * @param writes resources created or updated in the datastore (a write happens only when the content changed)
 * @param deletes resources deleted from the datastore
 * @param errors failed pieces of work (each tried again) and Kubernetes objects the datastore refused
 * @param fullResyncs complete passes over every mirrored kind
 * @param lastCollection the last garbage collection's result, or null before the first
 * @param lastError the last error message, or null
 */
public record KubeSyncStats(long writes, long deletes, long errors, long fullResyncs, Collector.Result lastCollection,
                            String lastError) {}
