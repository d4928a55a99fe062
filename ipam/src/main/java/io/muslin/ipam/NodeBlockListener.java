package io.muslin.ipam;

import io.muslin.net.IpPrefix;
import java.util.List;

/**
 * Told which blocks a node may advertise: its confirmed blocks, once at start and again after
 * every change (a claim confirmed, here or in another process; a block released or orphaned).
 * Calls never overlap and come in store order; keep them quick (a claim in this process may wait
 * for its own call).
 */
public interface NodeBlockListener {
    /** The node's confirmed blocks now, sorted. */
    void onBlocks(String node, List<IpPrefix> blocks);

    /** The store went away (the last blocks told stay true as far as anyone knows) or came back. */
    default void onConnectionChange(boolean connected, String reason) {}
}
