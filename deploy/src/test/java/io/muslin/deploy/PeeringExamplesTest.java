package io.muslin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The top-of-rack configurations that docs/peering.md shows for FRR and BIRD are accepted by the
 * real daemons' own configuration checkers ({@code vtysh --dryrun}, {@code bird -p}); a broken copy
 * of each is refused, so the check can fail.
 */
class PeeringExamplesTest {
    static final Path EXAMPLES = Manifests.DEPLOY.resolve("../docs/peering").normalize();

    @Test
    void frrAcceptsTheTorConfiguration() throws Exception {
        Prerequisites.require(Prerequisites.executableReason("frr", "/usr/bin/vtysh"));
        Path conf = EXAMPLES.resolve("frr-tor.conf");
        assertThat(run("/usr/bin/vtysh", "--dryrun", "--inputfile", conf.toString())).as("vtysh --dryrun " + conf).isZero();
        Path broken = Files.createTempFile("frr-broken", ".conf");
        try {
            Files.writeString(broken, Files.readString(conf).replace("neighbor MUSLIN-NODES timers 30 90", "neighbor MUSLIN-NODES timerz 30 90"));
            assertThat(run("/usr/bin/vtysh", "--dryrun", "--inputfile", broken.toString())).isNotZero();
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void birdAcceptsTheTorConfiguration() throws Exception {
        Prerequisites.require(Prerequisites.executableReason("bird2", "/usr/sbin/bird"));
        Path conf = EXAMPLES.resolve("bird-tor.conf");
        assertThat(run("/usr/sbin/bird", "-p", "-c", conf.toString())).as("bird -p -c " + conf).isZero();
        Path broken = Files.createTempFile("bird-broken", ".conf");
        try {
            Files.writeString(broken, Files.readString(conf).replace("hold time 90;", "hold tme 90;"));
            assertThat(run("/usr/sbin/bird", "-p", "-c", broken.toString())).isNotZero();
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void thePeeringGuideShowsExactlyTheseFiles() throws Exception {
        String guide = Files.readString(EXAMPLES.resolve("../peering.md"));
        for (String f : List.of("frr-tor.conf", "bird-tor.conf")) {
            String body = Files.readString(EXAMPLES.resolve(f)).strip();
            assertThat(guide).as("docs/peering.md quotes " + f + " verbatim").contains(body);
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
