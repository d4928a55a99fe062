package io.muslin.policy.apply;

import java.util.List;

/**
 * What one apply changed. Empty lists everywhere mean the kernel already matched and no tool ran
 * (other than the reads a repair makes).
 */
public record ApplyResult(List<String> chainsWritten, List<String> chainsDeleted, List<String> hooksFixed,
                          List<String> ipsetsWritten, List<String> ipsetsDeleted, String iptablesInput) {

    public boolean changed() {
        return !chainsWritten.isEmpty() || !chainsDeleted.isEmpty() || !hooksFixed.isEmpty()
                || !ipsetsWritten.isEmpty() || !ipsetsDeleted.isEmpty();
    }

    @Override
    public String toString() {
        return "ApplyResult[chains written " + chainsWritten.size() + ", deleted " + chainsDeleted.size()
                + ", hooks fixed " + hooksFixed + ", ipsets written " + ipsetsWritten.size()
                + ", deleted " + ipsetsDeleted.size() + "]";
    }
}
