package io.muslin.agent.status;

/** The answer of a health or readiness check: ok, or the reason it is not. */
public record Check(boolean ok, String reason) {
    public static Check passed(String what) {
        return new Check(true, what);
    }

    public static Check failed(String reason) {
        return new Check(false, reason);
    }
}
