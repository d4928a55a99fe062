package io.muslin.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetConfParserTest {
    private static final String ETCD = "\"datastore\":{\"type\":\"etcd\",\"etcd\":{\"endpoints\":[\"http://10.0.0.5:2379\"]}}";

    static NetConf parse(String json) {
        return NetConfParser.parse(NetConfParser.readJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheFieldsAndTheDefaults() {
        NetConf c = parse("{\"cniVersion\":\"1.0.0\",\"name\":\"k8s-pod-network\",\"type\":\"muslin\"," + ETCD + "}");
        assertThat(c.name()).isEqualTo("k8s-pod-network");
        assertThat(c.mtu()).isEmpty();
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/muslin"));
        assertThat(c.ipam()).isEqualTo(NetConf.Ipam.defaults());
        assertThat(c.datastore()).isInstanceOf(NetConf.Etcd.class);
        assertThat(((NetConf.Etcd) c.datastore()).endpoints()).containsExactly("http://10.0.0.5:2379");
        assertThat(c.logLevel()).isEqualTo("warn");
    }

    @Test
    void readsTheFileStoreAndOverrides() {
        NetConf c = parse("""
                {"cniVersion":"0.4.0","name":"n","type":"muslin","mtu":1440,"nodeName":"node-1","stateDir":"/run/m",
                 "datastore":{"type":"file","file":{"directory":"/var/lib/muslin/store"}},
                 "ipam":{"assignIpv6":true,"pools":["p1"]},"runtimeConfig":{"portMappings":[]},"somethingElse":1}""");
        assertThat(c.mtu()).hasValue(1440);
        assertThat(c.nodeName()).hasValue("node-1");
        assertThat(c.stateDir()).isEqualTo(Path.of("/run/m"));
        assertThat(c.datastore()).isEqualTo(new NetConf.FileStore(Path.of("/var/lib/muslin/store")));
        assertThat(c.ipam()).isEqualTo(new NetConf.Ipam(true, true, java.util.List.of("p1")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no name|{\"cniVersion\":\"1.0.0\",\"type\":\"muslin\"," + ETCD + "}|name: is required",
        "bad name|{\"cniVersion\":\"1.0.0\",\"name\":\"a b\",\"type\":\"muslin\"," + ETCD + "}|name: 'a b' must start",
        "mtu text|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"mtu\":\"big\"," + ETCD + "}|mtu: '\"big\"' is not an MTU",
        "mtu small|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"mtu\":100," + ETCD + "}|mtu: '100' is not an MTU",
        "no datastore|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\"}|datastore: is required",
        "typo|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"datastore\":{\"type\":\"etcd\",\"etcd\":{\"endpoint\":[\"http://a:1\"]}}}|datastore.etcd.endpoint: unknown field",
        "bad url|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"datastore\":{\"etcd\":{\"endpoints\":[\"10.0.0.5\"]}}}|datastore.etcd.endpoints[0]: '10.0.0.5' is not an http(s)://host:port URL",
        "https without ca|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"datastore\":{\"etcd\":{\"endpoints\":[\"https://a:2379\"]}}}|datastore.etcd.caFile: is required with https endpoints",
        "relative dir|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"datastore\":{\"type\":\"file\",\"file\":{\"directory\":\"store\"}}}|datastore.file.directory: 'store' is not an absolute path",
        "no address|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"ipam\":{\"assignIpv4\":false}," + ETCD + "}|ipam.assignIpv4: and ipam.assignIpv6 are both false",
        "log level|{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"logLevel\":\"loud\"," + ETCD + "}|logLevel: unknown value 'loud'",
    })
    void badConfigurationIsCode7NamingTheField(String why, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(CniError.class, e -> {
            assertThat(e.code()).isEqualTo(CniError.INVALID_NETWORK_CONFIG);
            assertThat(e.msg()).contains(message);
        });
    }

    @Test
    void anotherIpamPluginIsAnUnsupportedField() {
        assertThatThrownBy(() -> parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"muslin\",\"ipam\":{\"type\":\"host-local\"}," + ETCD + "}"))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.UNSUPPORTED_FIELD));
    }

    @Test
    void unknownVersionIsCode1AndBadJsonCode6() {
        assertThatThrownBy(() -> parse("{\"cniVersion\":\"2.0.0\",\"name\":\"n\",\"type\":\"muslin\"," + ETCD + "}"))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.INCOMPATIBLE_VERSION));
        assertThatThrownBy(() -> parse("{\"cniVersion\":"))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.DECODING_FAILURE));
        assertThatThrownBy(() -> parse("[1]"))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.DECODING_FAILURE));
    }

    @Test
    void gcReadsTheValidAttachments() {
        NetConf c = parse("{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"type\":\"muslin\"," + ETCD
                + ",\"cni.dev/valid-attachments\":[{\"containerID\":\"abc\",\"ifname\":\"eth0\"}]}");
        assertThat(c.validAttachments()).containsExactly(new NetConf.Attachment("abc", "eth0"));
    }
}
