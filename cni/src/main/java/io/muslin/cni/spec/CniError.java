package io.muslin.cni.spec;

/**
 * A failed CNI operation as the specification reports it: a well-known {@code code}, a short
 * {@code msg} and optional {@code details}. The plugin prints it as JSON on standard output and
 * exits non-zero ({@link CniJson#error}).
 */
public final class CniError extends RuntimeException {
    /** 1: the runtime asked for a version this plugin does not speak. */
    public static final int INCOMPATIBLE_VERSION = 1;
    /** 2: a field of the network configuration is not supported. */
    public static final int UNSUPPORTED_FIELD = 2;
    /** 3: the container is unknown or does not exist. */
    public static final int UNKNOWN_CONTAINER = 3;
    /** 4: a required environment variable is missing or invalid. */
    public static final int INVALID_ENVIRONMENT = 4;
    /** 5: an I/O failure (reading stdin, the kernel, a file). */
    public static final int IO_FAILURE = 5;
    /** 6: the input could not be decoded. */
    public static final int DECODING_FAILURE = 6;
    /** 7: the network configuration is invalid. */
    public static final int INVALID_NETWORK_CONFIG = 7;
    /** 11: a transient condition (the datastore is away); the runtime may retry later. */
    public static final int TRY_AGAIN_LATER = 11;
    /** 50 (spec 1.1.0, STATUS): the plugin cannot serve ADD requests now. */
    public static final int PLUGIN_NOT_AVAILABLE = 50;
    /** 100 and above belong to the plugin: an address could not be assigned (pool exhausted, no usable pool). */
    public static final int IPAM_FAILURE = 100;
    /** 101: wiring the pod's interface failed in the kernel. */
    public static final int DATAPLANE_FAILURE = 101;

    private final int code;
    private final String details;

    public CniError(int code, String msg, String details) {
        super(msg);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    public CniError(int code, String msg, String details, Throwable cause) {
        super(msg, cause);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    public int code() {
        return code;
    }

    public String msg() {
        return getMessage();
    }

    public String details() {
        return details;
    }

    /** Bad network configuration: {@code field} names the JSON path. */
    public static CniError badConfig(String field, String reason) {
        return new CniError(INVALID_NETWORK_CONFIG, "invalid network configuration: " + field + ": " + reason, "");
    }

    /** A bad or missing {@code CNI_*} environment variable. */
    public static CniError badEnvironment(String variable, String reason) {
        return new CniError(INVALID_ENVIRONMENT, "invalid environment: " + variable + ": " + reason, "");
    }
}
