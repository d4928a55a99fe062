package io.muslin.ipam;

import java.util.List;

/** Pools, blocks and per-node usage, for the agent's status and the CLI. */
public record UsageReport(List<PoolUsage> pools, List<BlockUsage> blocks, List<NodeUsage> nodes) {
    public record PoolUsage(String name, String cidr, int blockSize, boolean disabled, int blocks, long capacity,
                            long allocated) {}

    public record BlockUsage(String cidr, String owner, int size, int allocated, String pool) {}

    /** {@code borrowed}: addresses this node's pods hold in other nodes' blocks. */
    public record NodeUsage(String node, int blocks, int allocated, int borrowed) {}

    public String toText() {
        StringBuilder sb = new StringBuilder("POOL CIDR BLOCKSIZE DISABLED BLOCKS ALLOCATED/CAPACITY\n");
        for (PoolUsage p : pools) {
            sb.append(String.format("%s %s /%d %s %d %d/%d%n", p.name(), p.cidr(), p.blockSize(), p.disabled(), p.blocks(),
                    p.allocated(), p.capacity()));
        }
        sb.append("BLOCK OWNER ALLOCATED/SIZE POOL\n");
        for (BlockUsage b : blocks) {
            sb.append(String.format("%s %s %d/%d %s%n", b.cidr(), b.owner() == null ? "(none)" : b.owner(), b.allocated(),
                    b.size(), b.pool() == null ? "(none)" : b.pool()));
        }
        sb.append("NODE BLOCKS ALLOCATED BORROWED\n");
        for (NodeUsage n : nodes) {
            sb.append(String.format("%s %d %d %d%n", n.node(), n.blocks(), n.allocated(), n.borrowed()));
        }
        return sb.toString();
    }
}
