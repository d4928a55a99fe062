package io.muslin.policy.render;

/** The one rule we insert at the top of a built-in chain, jumping to our chain for it. */
public record Hook(String builtinChain, Rule rule) {

    /** The hash written into the hook's comment. */
    public String hash() {
        return Hashes.ruleHash(builtinChain, "", rule.body());
    }

    /** The hook as iptables-restore input, inserted at position 1. */
    public String insertLine(String hashPrefix) {
        return "-I " + builtinChain + " 1 -m comment --comment \"" + hashPrefix + hash() + "\" " + rule.body();
    }
}
