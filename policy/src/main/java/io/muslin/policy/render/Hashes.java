package io.muslin.policy.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Short stable digests for rule hashes and for naming chains and ipsets. */
public final class Hashes {

    private Hashes() {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * The hash of a rule, written into its comment: it covers the chain name, the hash of the rule
     * before it and the rule's text, so a chain's last hash stands for the whole chain.
     */
    public static String ruleHash(String chain, String previousHash, String body) {
        MessageDigest md = sha256();
        md.update(chain.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(previousHash.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(md.digest()).substring(0, 16);
    }

    /** 16 hex digits naming an object (a policy chain, an ipset) after its identity text. */
    public static String name16(String identity) {
        byte[] d = sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }
}
