package io.muslin.ipam;

import io.muslin.datastore.model.Cidr;
import java.net.InetAddress;

/** One address handed out: the address, the block it came from, and whether that block belongs to another node. */
public record Assignment(InetAddress address, Cidr block, boolean borrowed) {
    @Override
    public String toString() {
        return Cidr.format(address) + " (block " + block + (borrowed ? ", borrowed" : "") + ")";
    }
}
