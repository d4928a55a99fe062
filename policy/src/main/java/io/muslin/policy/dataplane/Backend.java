package io.muslin.policy.dataplane;

/** Which kernel interface the iptables tools drive: the old x_tables one, or nf_tables. */
public enum Backend {
    LEGACY("legacy"), NFT("nft");

    private final String suffix;

    Backend(String suffix) {
        this.suffix = suffix;
    }

    /** {@code iptables-legacy-save}, {@code ip6tables-nft-restore}, ... */
    public String tool(String family, String verb) {
        return family + "-" + suffix + (verb.isEmpty() ? "" : "-" + verb);
    }

    public String iptables() {
        return tool("iptables", "");
    }

    public static Backend parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "legacy" -> LEGACY;
            case "nft", "nftables" -> NFT;
            default -> throw new IllegalArgumentException("backend is legacy or nft, not '" + s + "'");
        };
    }
}
