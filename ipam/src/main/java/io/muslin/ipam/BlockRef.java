package io.muslin.ipam;

import io.muslin.datastore.KeyValue;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.Resources;
import io.muslin.net.IpPrefix;

/** A block as read from the store, with the revision the next compare-and-swap must match. */
record BlockRef(IpPrefix cidr, IPAMBlock block, long revision) {
    static BlockRef of(KeyValue kv) {
        IPAMBlock b = Resources.fromJson(kv.value(), IPAMBlock.class);
        return new BlockRef(IpPrefix.parse(b.spec().cidr()), b, kv.modRevision());
    }
}
