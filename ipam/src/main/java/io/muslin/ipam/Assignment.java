package io.muslin.ipam;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;

/** One address handed out: the address, the block it came from, and whether that block belongs to another node. */
public record Assignment(IpAddress address, IpPrefix block, boolean borrowed) {
    @Override
    public String toString() {
        return address + " (block " + block + (borrowed ? ", borrowed" : "") + ")";
    }
}
