package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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
        Assumptions.assumeTrue(wanted(daemon.name()), daemon.name() + " not in -Dgolden.daemons");
        Prerequisites.requireAll(Netns.unavailableReason(), daemon.unavailableReason());
        for (GoldenDaemon.Spec spec : specs) {
            Path dir = work.resolve(spec.name());
            java.nio.file.Files.createDirectories(dir);
            new GoldenRun(daemon, spec, out(), dir).capture();
        }
    }

    @Test
    void bird() throws Exception {
        capture(new GoldenBird(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
    }

    @Test
    void frr() throws Exception {
        capture(new GoldenFrr(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP, GoldenDaemon.Spec.CONFED);
    }

    @Test
    void gobgp() throws Exception {
        capture(new GoldenGoBgp(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
    }

    @Test
    void exabgp() throws Exception {
        capture(new GoldenExaBgp(), GoldenDaemon.Spec.IBGP, GoldenDaemon.Spec.EBGP);
    }
}
