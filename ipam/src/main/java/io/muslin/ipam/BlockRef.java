package io.muslin.ipam;

import io.muslin.datastore.KeyValue;
import io.muslin.datastore.model.Cidr;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.Resources;

/** A block as read from the store, with the revision the next compare-and-swap must match. */
record BlockRef(Cidr cidr, IPAMBlock block, long revision) {
    static BlockRef of(KeyValue kv) {
        IPAMBlock b = Resources.fromJson(kv.value(), IPAMBlock.class);
        return new BlockRef(Cidr.parse(b.spec().cidr()), b, kv.modRevision());
    }
}
