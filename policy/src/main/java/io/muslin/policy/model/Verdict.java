package io.muslin.policy.model;

/** Whether a flow may start, and why, in words a person can check against the policies. */
public record Verdict(boolean allowed, String reason) {

    static Verdict allow(String reason) {
        return new Verdict(true, reason);
    }

    static Verdict deny(String reason) {
        return new Verdict(false, reason);
    }
}
