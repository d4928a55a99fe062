package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.muslin.lab.topology.TopologyReader;
import io.muslin.lab.vagrant.VagrantPlan;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vagrant validate} (Debian's vagrant) accepts the Vagrantfile for every shipped topology,
 * and the VMs, roles, networks and addresses it defines — written by the Vagrantfile itself while
 * Vagrant loads every machine — are those the Java model of the same file gives.
 */
class VagrantfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"two-racks-mesh", "two-racks-tor", "two-racks-rr", "two-racks-vxlan", "two-racks-ipip"})
    void theVagrantfileDefinesWhatTheTopologySays(String topology) throws Exception {
        Prerequisites.require(Prerequisites.executableReason("vagrant", "/usr/bin/vagrant"));
        Path out = tmp.resolve("plan.json");
        ProcessBuilder pb = new ProcessBuilder("vagrant", "validate").directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("vagrant.out").toFile());
        pb.environment().put("MUSLIN_TOPOLOGY", topology);
        pb.environment().put("MUSLIN_LAB_PLAN_OUT", out.toString());
        pb.environment().put("VAGRANT_HOME", tmp.resolve("vagrant.d").toString());
        pb.environment().put("VAGRANT_DOTFILE_PATH", tmp.resolve("dot").toString());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("vagrant validate finished").isTrue();
        String output = Files.readString(tmp.resolve("vagrant.out"));
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Vagrantfile validated successfully");

        JsonNode defined = JSON.readTree(out.toFile());
        JsonNode expected = JSON.valueToTree(VagrantPlan.of(TopologyReader.read(Path.of("topologies", topology + ".yaml"))));
        assertThat(defined.get("networks")).isEqualTo(expected.get("networks"));
        assertThat(byName(defined.get("machines"))).isEqualTo(byName(expected.get("machines")));
        assertThat(defined.get("machines").size()).isEqualTo(expected.get("machines").size());
    }

    private static List<JsonNode> byName(JsonNode machines) {
        List<JsonNode> out = new ArrayList<>();
        ((ArrayNode) machines).forEach(out::add);
        out.sort(Comparator.comparing(m -> m.get("name").asText()));
        return out;
    }
}
