package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures the golden byte vectors of {@code io.muslin.bgp.wire.GoldenVectorTest} from real
 * BIRD 2, FRR, GoBGP and ExaBGP sessions. Not part of the normal test run (the class name does
 * not match Surefire's patterns and it needs {@code -Dgolden.capture=true}); run on demand, as
 * root, with the daemons installed:
 * <pre>
 * mvn -B -ntp -o -pl bgp-speaker test -Dtest=GoldenCapture -Dgolden.capture=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Add {@code -Dgolden.daemons=bird,frr} to capture only some; {@code -Dgolden.dir=...} to write
 * elsewhere than {@code src/test/resources/golden}. Each run replaces its session directories.
 */
@EnabledIfSystemProperty(named = "golden.capture", matches = "true")
class GoldenCapture {
    @TempDir
    Path work;

    private static Path out() {
        return Path.of(System.getProperty("golden.dir", "src/test/resources/golden")).toAbsolutePath();
    }

    private static boolean wanted(String daemon) {
        String only = System.getProperty("golden.daemons", "");
        return only.isBlank() || List.of(only.split(",")).contains(daemon);
    }

    private void capture(GoldenDaemon daemon, GoldenDaemon.Spec... specs) throws Exception {
        Prerequisites.requireAll(Netns.unavailableReason(), daemon.unavailableReason());
        for (GoldenDaemon.Spec spec : specs) {
            Path dir = work.resolve(daemon.name() + "-" + spec.name());
            java.nio.file.Files.createDirectories(dir);
            new GoldenRun(daemon, spec, out(), dir).capture();
        }
    }

    /** Captures every daemon named in {@code -Dgolden.daemons} (all four when it is not set). */
    @Test
    void capture() throws Exception {
        if (wanted("bird")) {
            capture(new GoldenBird(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
        }
        if (wanted("frr")) {
            capture(new GoldenFrr(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP, GoldenDaemon.Spec.CONFED);
        }
        if (wanted("gobgp")) {
            capture(new GoldenGoBgp(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
        }
        if (wanted("exabgp")) {
            capture(new GoldenExaBgp(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
        }
    }
}
