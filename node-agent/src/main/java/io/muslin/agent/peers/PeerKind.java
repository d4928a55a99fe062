package io.muslin.agent.peers;

/** Why a peering exists, in the words of {@code calicoctl node status}. */
public enum PeerKind {
    /** The full node-to-node mesh ({@code nodeToNodeMeshEnabled}). */
    MESH("node-to-node mesh"),
    /** A BGPPeer with neither {@code node} nor {@code nodeSelector}: every node has it. */
    GLOBAL("global"),
    /** A BGPPeer with {@code node} or {@code nodeSelector} that selects this node, or the reverse of a peering to this node. */
    NODE("node specific");

    private final String label;

    PeerKind(String label) {
        this.label = label;
    }

    /** "node-to-node mesh", "global" or "node specific". */
    public String label() {
        return label;
    }
}
