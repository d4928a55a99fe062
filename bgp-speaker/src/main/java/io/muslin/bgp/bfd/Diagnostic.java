package io.muslin.bgp.bfd;

/** Why the local system last left Up (RFC 5880 §4.1 "Diag"). */
public enum Diagnostic {
    NONE("none"),
    CONTROL_DETECTION_TIME_EXPIRED("control-detection-time-expired"),
    ECHO_FUNCTION_FAILED("echo-function-failed"),
    NEIGHBOR_SIGNALED_SESSION_DOWN("neighbor-signaled-session-down"),
    FORWARDING_PLANE_RESET("forwarding-plane-reset"),
    PATH_DOWN("path-down"),
    CONCATENATED_PATH_DOWN("concatenated-path-down"),
    ADMINISTRATIVELY_DOWN("administratively-down"),
    REVERSE_CONCATENATED_PATH_DOWN("reverse-concatenated-path-down"),
    /** Codes 9..31, reserved: kept only as "reserved" when a peer sends one. */
    RESERVED("reserved");

    private final String label;

    Diagnostic(String label) {
        this.label = label;
    }

    public int code() {
        return this == RESERVED ? 31 : ordinal();
    }

    public static Diagnostic of(int code) {
        return code >= 0 && code < RESERVED.ordinal() ? values()[code] : RESERVED;
    }

    public String label() {
        return label;
    }
}
