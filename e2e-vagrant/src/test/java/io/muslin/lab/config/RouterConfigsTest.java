package io.muslin.lab.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.TopologyReader;
import io.muslin.testing.Commands;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routers' configurations, checked by the daemons themselves: BIRD's parse-only mode, bgpd's dry run. */
class RouterConfigsTest {
    @TempDir
    Path dir;

    @Test
    void birdAcceptsTheCoreAndEveryBirdTor() throws Exception {
        Prerequisites.require(Prerequisites.executableReason("bird2", "/usr/sbin/bird"));
        for (String name : new String[] {"two-racks-mesh", "two-racks-tor", "two-racks-rr"}) {
            Topology t = TopologyReader.read(Path.of("topologies", name + ".yaml"));
            check(RouterConfigs.birdCore(t), "core-" + name);
            for (Topology.Rack r : t.racks()) {
                check(RouterConfigs.birdTor(t, r), r.name() + "-" + name);
            }
        }
    }

    @Test
    void torPeeringMakesTheRackRouterAReflectorForItsNodesOnly() {
        Topology t = TopologyReader.read(Path.of("topologies", "two-racks-tor.yaml"));
        String rack1 = RouterConfigs.birdTor(t, t.racks().get(0));
        assertThat(rack1).contains("neighbor 10.10.1.11 as 65001;").contains("neighbor 10.10.1.12 as 65001;")
                .doesNotContain("10.10.2.11").contains("rr client");
        String rack2 = RouterConfigs.frrTor(t, t.racks().get(1), dir.resolve("log"));
        assertThat(rack2).contains("router bgp 65002").contains("neighbor 10.10.2.11 peer-group NODES")
                .contains("neighbor NODES route-reflector-client").doesNotContain("10.10.1.11");
        Topology mesh = TopologyReader.read(Path.of("topologies", "two-racks-mesh.yaml"));
        assertThat(RouterConfigs.birdTor(mesh, mesh.racks().get(0))).doesNotContain("rr client").doesNotContain("10.10.1.11");
    }

    @Test
    void frrAcceptsItsTor() throws Exception {
        Prerequisites.require(Prerequisites.executableReason("frr", "/usr/lib/frr/bgpd"));
        Topology t = TopologyReader.read(Path.of("topologies", "two-racks-tor.yaml"));
        Path conf = dir.resolve("bgpd.conf");
        Files.writeString(conf, RouterConfigs.frrTor(t, t.racks().get(1), dir.resolve("bgpd.log")));
        Commands.Result r = Commands.run("/usr/lib/frr/bgpd", "--dryrun", "-f", conf.toString());
        assertThat(r.exit()).as(r.output()).isZero();
    }

    private void check(String config, String name) throws Exception {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, config);
        Commands.Result r = Commands.run("bird", "-p", "-c", f.toString());
        assertThat(r.exit()).as(name + ": " + r.output() + "\n" + config).isZero();
    }
}
