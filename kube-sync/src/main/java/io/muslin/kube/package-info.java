/** Kubernetes API to datastore: nodes, namespaces, pods and network policies mirrored; IPAM garbage collection; leader election. */
package io.muslin.kube;
