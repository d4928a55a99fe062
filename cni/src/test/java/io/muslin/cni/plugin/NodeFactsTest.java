package io.muslin.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.NetConf;
import io.muslin.cni.spec.NetConfParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MTU and node name come from the configuration, else the agent's state files, else defaults. */
class NodeFactsTest {
    @TempDir
    Path state;

    private NetConf conf(String extra) {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"stateDir\":\"" + state + "\""
                + ",\"datastore\":{\"type\":\"file\",\"file\":{\"directory\":\"/tmp/x\"}}" + extra + "}";
        return NetConfParser.parse(NetConfParser.readJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theAgentsStateFilesWhenTheConfigurationIsSilent() throws Exception {
        Files.writeString(state.resolve("mtu"), "1450\n");
        Files.writeString(state.resolve("nodename"), "node-7\n");
        assertThat(NodeFacts.read(conf(""))).isEqualTo(new NodeFacts("node-7", 1450));
        assertThat(NodeFacts.read(conf(",\"mtu\":1400,\"nodeName\":\"node-9\""))).isEqualTo(new NodeFacts("node-9", 1400));
    }

    @Test
    void defaultsWithoutStateFiles() throws Exception {
        NodeFacts f = NodeFacts.read(conf(""));
        assertThat(f.mtu()).isEqualTo(NodeFacts.FALLBACK_MTU);
        assertThat(f.nodeName()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase());
    }

    @Test
    void aBadMtuFileIsNamed() throws Exception {
        Files.writeString(state.resolve("mtu"), "jumbo\n");
        assertThatThrownBy(() -> NodeFacts.read(conf(""))).isInstanceOfSatisfying(CniError.class, e -> {
            assertThat(e.code()).isEqualTo(CniError.INVALID_NETWORK_CONFIG);
            assertThat(e.msg()).contains(state.resolve("mtu").toString()).contains("'jumbo'");
        });
    }
}
