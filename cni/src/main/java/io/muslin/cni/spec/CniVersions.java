package io.muslin.cni.spec;

import java.util.List;

/**
 * The specification versions this plugin speaks. Results are written in the configuration's
 * version: 1.0.0 and 1.1.0 without the per-address {@code version} field, 0.3.x and 0.4.0 with it.
 * CHECK exists from 0.4.0, STATUS and GC from 1.1.0.
 */
public final class CniVersions {
    public static final String CURRENT = "1.0.0";
    public static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

    private CniVersions() {
    }

    public static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }

    /** True when {@code version} is at least {@code other} (both supported versions). */
    public static boolean atLeast(String version, String other) {
        return compare(version, other) >= 0;
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
