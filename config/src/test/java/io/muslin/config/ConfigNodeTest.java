package io.muslin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ConfigNode read(String yaml) throws Exception {
        return ConfigNode.root(YAML.readTree(yaml));
    }

    @Test
    void readsValuesOfEveryKind() throws Exception {
        ConfigNode top = read("""
                name: edge
                port: "179"
                enabled: "TRUE"
                mode: Always
                peers:
                  - address: 192.0.2.1
                  - address: 2001:db8::1
                tags: one
                """);
        assertThat(top.text("name", null)).isEqualTo("edge");
        assertThat(top.intValue("port", 1, 65535, null)).isEqualTo(179);
        assertThat(top.bool("enabled", false)).isTrue();
        assertThat(top.oneOf("mode", List.of("Always", "Never"), "Never")).isEqualTo("Always");
        assertThat(top.texts("tags")).containsExactly("one");
        List<ConfigNode> peers = top.children("peers");
        assertThat(peers).extracting(ConfigNode::path).containsExactly("peers[0]", "peers[1]");
        assertThat(peers.get(0).ipv4("address")).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(peers.get(1).address("address", null, true).v6()).isTrue();
        assertThat(top.optionalInt("absent", 0, 9)).isNull();
        assertThat(top.childOrEmpty("absent").path()).isEqualTo("absent");
    }

    @Test
    void errorsNameTheFieldPathAndTheReason() throws Exception {
        ConfigNode top = read("""
                port: 70000
                peers:
                  - address: 2001:db8::1
                    holdTime: two
                  - 5
                enabled: maybe
                nested: [a]
                """);
        assertThatThrownBy(() -> top.intValue("port", 1, 65535, null)).hasMessage("port: 70000 is outside 1..65535");
        assertThatThrownBy(() -> top.bool("enabled", false)).hasMessage("enabled: 'maybe' is not true or false");
        assertThatThrownBy(() -> top.text("nested", null)).hasMessage("nested: must be a single value, not a list");
        assertThatThrownBy(() -> top.intValue("missing", 1, 2, null)).hasMessage("missing: is required");
        assertThatThrownBy(() -> top.children("peers"))
                .isInstanceOf(ConfigException.class).hasMessage("peers[1]: must be a mapping of keys to values");
        JsonNode firstPeer = YAML.readTree("address: 2001:db8::1\nholdTime: two\n");
        ConfigNode peer = ConfigNode.root(firstPeer);
        assertThatThrownBy(() -> peer.ipv4("address")).hasMessage("address: '2001:db8::1' is not an IPv4 address");
        assertThatThrownBy(() -> peer.longValue("holdTime", 0, 65535, 90L)).hasMessage("holdTime: 'two' is not a whole number");
    }

    @Test
    void unknownKeysAreRefusedWithTheNearestKnownOne() throws Exception {
        ConfigNode top = read("holdtime: 3\n");
        assertThatThrownBy(() -> top.onlyKeys(Set.of("holdTime", "port")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("holdtime: unknown field (did you mean holdTime?); known: [holdTime, port]");
    }

    @Test
    void aFieldSetFromTheEnvironmentIsNamedWithItsVariable() throws Exception {
        ConfigNode top = ConfigNode.root(YAML.readTree("http:\n  port: web\n"), Map.of("http.port", "MUSLIN_HTTP_PORT"));
        ConfigNode http = top.child("http");
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> http.intValue("port", 0, 65535, 9099));
        assertThat(e.field()).isEqualTo("http.port (MUSLIN_HTTP_PORT)");
        assertThat(e.reason()).isEqualTo("'web' is not a whole number");
    }
}
