package io.muslin.bgp.wire;

/** Raw message builders for tests outside the wire package. */
public final class Wire2 {
    private Wire2() {
    }

    /** An UPDATE message whose body is exactly {@code body}. */
    public static byte[] update(byte[] body) {
        return Wire.message(2, body);
    }
}
