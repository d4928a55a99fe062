package io.muslin.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way a test says what it needs (root, a binary, a daemon). Outside CI a missing
 * prerequisite skips the test with the reason; under CI ({@code CI=true} in the environment, as CI
 * services set it) it fails it, because there a missing package means the install step is broken.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /** True when the {@code CI} environment variable is {@code true} (or {@code 1}). */
    public static boolean underCi() {
        String ci = System.getenv("CI");
        return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
    }

    /** Skips (outside CI) or fails (under CI) the test when {@code missingReason} is not null. */
    public static void require(String missingReason) {
        if (missingReason == null) {
            return;
        }
        if (underCi()) {
            Assertions.fail("prerequisite missing under CI (the install step is broken): " + missingReason);
        }
        Assumptions.abort(missingReason);
    }

    /** Skips or fails unless every reason is null; the first missing one is reported. */
    public static void requireAll(String... missingReasons) {
        for (String r : missingReasons) {
            require(r);
        }
    }

    /** Null when this process runs as root (uid 0), else why that matters. */
    public static String rootReason() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid instanceof Integer i && i == 0) {
                return null;
            }
            return "needs root (CAP_NET_ADMIN) for network namespaces; running as uid " + uid;
        } catch (Exception e) {
            return "needs root; cannot tell the uid: " + e.getMessage();
        }
    }

    /** Null when the first of {@code paths} that exists is executable, else which package provides it. */
    public static String executableReason(String debianPackage, String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return null;
            }
        }
        return String.join(" or ", List.of(paths)) + " is not installed (Debian package " + debianPackage
                + "; scripts/lib.sh installs it)";
    }

    /** The first executable of {@code paths}, for a test that {@link #require required} it. */
    public static Path executable(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("none of " + List.of(paths) + " is executable");
    }
}
