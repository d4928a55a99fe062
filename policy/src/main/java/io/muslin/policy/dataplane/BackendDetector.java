package io.muslin.policy.dataplane;

import java.util.List;

/**
 * Picks the iptables backend the node already uses, by the rule of Kubernetes' iptables-wrapper
 * (which kube-proxy images and Calico Felix follow), so every component on every node agrees:
 *
 * <ol>
 * <li>kubelet's marker chains ({@code KUBE-IPTABLES-HINT}, {@code KUBE-KUBELET-CANARY}) in the
 *     mangle table of one backend decide, nft first;</li>
 * <li>otherwise count the rules ({@code -A} lines) that {@code iptables-legacy-save} and
 *     {@code ip6tables-legacy-save} print: 10 or more means legacy;</li>
 * <li>otherwise legacy when it has at least as many rules as nft, else nft.</li>
 * </ol>
 */
public final class BackendDetector {

    private final CommandRunner runner;

    public BackendDetector(CommandRunner runner) {
        this.runner = runner;
    }

    public Detection detect() {
        String nftMangle = output(Backend.NFT.tool("iptables", "save"), "-t", "mangle");
        String legacyMangle = output(Backend.LEGACY.tool("iptables", "save"), "-t", "mangle");
        int legacy = countRules(output(Backend.LEGACY.tool("iptables", "save")))
                + countRules(output(Backend.LEGACY.tool("ip6tables", "save")));
        int nft = countRules(output(Backend.NFT.tool("iptables", "save")))
                + countRules(output(Backend.NFT.tool("ip6tables", "save")));
        return decide(hasKubeletHint(nftMangle), hasKubeletHint(legacyMangle), legacy, nft);
    }

    /** The decision alone, from what the tools printed. */
    public static Detection decide(boolean nftHint, boolean legacyHint, int legacyRules, int nftRules) {
        if (nftHint) {
            return new Detection(Backend.NFT, "kubelet's marker chains are in nft");
        }
        if (legacyHint) {
            return new Detection(Backend.LEGACY, "kubelet's marker chains are in legacy");
        }
        String counts = " (legacy " + legacyRules + " rules, nft " + nftRules + ")";
        if (legacyRules >= 10) {
            return new Detection(Backend.LEGACY, "10 or more legacy rules" + counts);
        }
        return legacyRules >= nftRules
                ? new Detection(Backend.LEGACY, "legacy has at least as many rules as nft" + counts)
                : new Detection(Backend.NFT, "nft has more rules than legacy" + counts);
    }

    static boolean hasKubeletHint(String mangleSave) {
        return mangleSave.contains(":KUBE-IPTABLES-HINT") || mangleSave.contains(":KUBE-KUBELET-CANARY");
    }

    static int countRules(String save) {
        int n = 0;
        for (String line : save.split("\n")) {
            if (line.startsWith("-")) {
                n++;
            }
        }
        return n;
    }

    private String output(String... argv) {
        CommandRunner.Result r = runner.run(List.of(argv), null);
        return r.ok() ? r.stdout() : "";
    }

    /** The backend chosen and why. */
    public record Detection(Backend backend, String reason) {
    }
}
