/**
 * Resource model (Node, IPPool, IPAMBlock, BlockAffinity, BGPConfiguration, BGPPeer, ...) and the store: etcd through jetcd, or an embedded file store.
 */
package io.muslin.datastore;
