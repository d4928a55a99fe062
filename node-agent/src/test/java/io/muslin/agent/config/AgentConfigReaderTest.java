package io.muslin.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.agent.address.AddressMethod;
import io.muslin.agent.config.AgentConfig.EtcdStore;
import io.muslin.agent.config.AgentConfig.FileStore;
import io.muslin.config.ConfigException;
import java.io.IOException;
import io.muslin.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigReaderTest {
    private static final String ETCD = "datastore:\n  etcd:\n    endpoints: [http://127.0.0.1:2379]\n";

    @TempDir
    static Path dir;

    private static AgentConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new AgentConfigReader(env, () -> "Worker-1").parse(yaml);
    }

    private static AgentConfig parse(String yaml) throws ConfigException {
        return parse(yaml, Map.of());
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws ConfigException {
        AgentConfig c = parse(ETCD);
        assertThat(c.nodeName()).isEqualTo("worker-1");
        assertThat(((EtcdStore) c.datastore()).etcd().endpoints()).hasToString("[http://127.0.0.1:2379]");
        assertThat(((EtcdStore) c.datastore()).etcd().tls()).isEmpty();
        assertThat(c.nodeAddress().ipv4()).isInstanceOf(AddressMethod.FirstFound.class);
        assertThat(c.nodeAddress().ipv6()).isInstanceOf(AddressMethod.None.class);
        assertThat(c.bgp().asNumber()).isEmpty();
        assertThat(c.bgp().listenPort()).isEmpty();
        assertThat(c.bgp().holdTime()).isEqualTo(90);
        assertThat(c.bgp().gracefulRestartTime()).isEqualTo(120);
        assertThat(c.bgp().routerId()).isEmpty();
        assertThat(c.http().address()).hasToString("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(9099);
        assertThat(c.routeResyncInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.ipam().gcInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.ipam().gcGrace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.policy().enabled()).isTrue();
        assertThat(c.policy().iptablesBackend()).isEqualTo(AgentConfig.IptablesBackend.AUTO);
        assertThat(c.policy().hostProtection().enabled()).isTrue();
        assertThat(c.policy().hostProtection().failsafeInbound()).as("Calico's FailsafeInboundHostPorts")
                .containsExactly("tcp:22", "udp:68", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667");
        assertThat(c.policy().hostProtection().failsafeOutbound()).as("Calico's FailsafeOutboundHostPorts")
                .containsExactly("udp:53", "udp:67", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667");
        assertThat(c.policy().hostProtection().dropForeignEncapsulation()).isTrue();
        assertThat(c.logLevel()).isEqualTo(AgentConfig.LogLevel.INFO);
        assertThat(c.cniServerFile()).contains(Path.of("/var/run/muslin/cni-server"));
        assertThat(c.exabgp()).isEqualTo(new AgentConfig.Exabgp(false, List.of(), true, Path.of("/usr/sbin/exabgp"),
                Path.of("/var/lib/muslin/exabgp")));
    }

    @Test
    void theExabgpBridgeIsConfigured() throws ConfigException {
        AgentConfig c = parse(ETCD + "exabgp:\n  defaultSpeaker: exabgp\n  linkState: false\n  executable: /opt/exabgp/bin/exabgp\n"
                + "  runDirectory: /run/muslin/exabgp\n  peers: [10.0.0.254, 2001:db8::fe]\n");
        assertThat(c.exabgp()).isEqualTo(new AgentConfig.Exabgp(true, List.of(IpAddress.parse("10.0.0.254"),
                IpAddress.parse("2001:db8::fe")), false, Path.of("/opt/exabgp/bin/exabgp"), Path.of("/run/muslin/exabgp")));
        assertThat(parse(ETCD, Map.of("MUSLIN_EXABGP_PEERS", "10.0.0.254,10.0.0.253", "MUSLIN_EXABGP_DEFAULT_SPEAKER", "exabgp"))
                .exabgp().peers()).containsExactly(IpAddress.parse("10.0.0.254"), IpAddress.parse("10.0.0.253"));
    }

    @Test
    void hostProtectionPortsAreReadInCalicosNotationOrTurnedOff() throws ConfigException {
        AgentConfig c = parse(ETCD + "policy:\n  hostProtection:\n    failsafeInbound: [22, UDP:68, sctp:9]\n"
                + "    failsafeOutbound: [none]\n    dropForeignEncapsulation: false\n");
        assertThat(c.policy().hostProtection().failsafeInbound()).containsExactly("tcp:22", "udp:68", "sctp:9");
        assertThat(c.policy().hostProtection().failsafeOutbound()).isEmpty();
        assertThat(c.policy().hostProtection().dropForeignEncapsulation()).isFalse();
        AgentConfig e = parse(ETCD, Map.of("MUSLIN_HOST_PROTECTION_ENABLED", "false", "MUSLIN_FAILSAFE_INBOUND_HOST_PORTS",
                "tcp:2222, udp:500", "MUSLIN_FAILSAFE_OUTBOUND_HOST_PORTS", "none", "MUSLIN_HOST_DROP_FOREIGN_ENCAPSULATION", "false"));
        assertThat(e.policy().hostProtection()).isEqualTo(new AgentConfig.HostProtection(false, List.of("tcp:2222", "udp:500"),
                List.of(), false));
    }

    @Test
    void theCniServerCanBeMovedOrTurnedOff() throws ConfigException {
        assertThat(parse(ETCD + "cniServerFile: /run/n1/cni-server").cniServerFile()).contains(Path.of("/run/n1/cni-server"));
        assertThat(parse(ETCD + "cniServerFile: none").cniServerFile()).isEmpty();
        assertThat(parse(ETCD, Map.of("MUSLIN_CNI_SERVER_FILE", "none")).cniServerFile()).isEmpty();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        Path pw = Files.writeString(dir.resolve("password"), "s3cret\n");
        AgentConfig c = parse("""
                nodeName: node-a.rack1
                datastore:
                  type: etcd
                  etcd:
                    endpoints: [https://10.0.0.5:2379, https://10.0.0.6:2379]
                    caFile: %s
                    certFile: %s
                    keyFile: %s
                    username: muslin
                    passwordFile: %s
                nodeAddress:
                  ipv4: interface=eth0,bond.*
                  ipv6: cidr=fd00::/8
                bgp:
                  asNumber: 65010
                  listenPort: 1790
                  holdTime: 30
                  gracefulRestartTime: 300
                  routerId: 10.255.0.1
                http:
                  address: 0.0.0.0
                  port: 9100
                routes:
                  resyncInterval: 2m
                ipam:
                  gcInterval: 30s
                  gcGrace: 1h
                policy:
                  enabled: false
                  iptablesBackend: nft
                logLevel: debug
                """.formatted(ca, cert, key, pw));
        assertThat(c.nodeName()).isEqualTo("node-a.rack1");
        EtcdStore e = (EtcdStore) c.datastore();
        assertThat(e.etcd().endpoints()).hasSize(2);
        assertThat(e.etcd().tls().orElseThrow().caCertificate()).isEqualTo(ca);
        assertThat(e.etcd().tls().orElseThrow().clientCertificate()).contains(cert);
        assertThat(e.etcd().tls().orElseThrow().clientKey()).contains(key);
        assertThat(e.etcd().username()).contains("muslin");
        assertThat(e.etcd().password()).contains("s3cret");
        assertThat(c.nodeAddress().ipv4()).hasToString("interface=eth0,bond.*");
        assertThat(c.nodeAddress().ipv6()).hasToString("cidr=fd00::/8");
        assertThat(c.bgp().asNumber()).hasValue(65010);
        assertThat(c.bgp().listenPort()).hasValue(1790);
        assertThat(c.bgp().holdTime()).isEqualTo(30);
        assertThat(c.bgp().gracefulRestartTime()).isEqualTo(300);
        assertThat(c.bgp().routerId().orElseThrow()).hasToString("10.255.0.1");
        assertThat(c.http().address()).hasToString("0.0.0.0");
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.routeResyncInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.ipam().gcInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ipam().gcGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(c.policy().enabled()).isFalse();
        assertThat(c.policy().iptablesBackend()).isEqualTo(AgentConfig.IptablesBackend.NFT);
        assertThat(c.logLevel()).isEqualTo(AgentConfig.LogLevel.DEBUG);
    }

    @Test
    void theFileStoreNeedsAnAbsoluteDirectory() throws ConfigException {
        AgentConfig c = parse("datastore:\n  type: file\n  file:\n    directory: /var/lib/muslin/store\n");
        assertThat(((FileStore) c.datastore()).directory()).isEqualTo(Path.of("/var/lib/muslin/store"));
    }

    @Test
    void environmentVariablesReplaceFileValues() throws ConfigException {
        Map<String, String> env = new HashMap<>();
        env.put("MUSLIN_NODE_NAME", "from-env");
        env.put("MUSLIN_ETCD_ENDPOINTS", "http://10.0.0.1:2379, http://10.0.0.2:2379");
        env.put("MUSLIN_IPV4", "can-reach=10.0.0.1");
        env.put("MUSLIN_IPV6", "fd00::9/64");
        env.put("MUSLIN_AS", "65001");
        env.put("MUSLIN_BGP_LISTEN_PORT", "1179");
        env.put("MUSLIN_BGP_HOLD_TIME", "9");
        env.put("MUSLIN_BGP_GRACEFUL_RESTART_TIME", "0");
        env.put("MUSLIN_BGP_ROUTER_ID", "1.2.3.4");
        env.put("MUSLIN_HTTP_ADDRESS", "::1");
        env.put("MUSLIN_HTTP_PORT", "0");
        env.put("MUSLIN_ROUTE_RESYNC_INTERVAL", "45");
        env.put("MUSLIN_IPAM_GC_INTERVAL", "1m");
        env.put("MUSLIN_IPAM_GC_GRACE", "2h");
        env.put("MUSLIN_POLICY_ENABLED", "false");
        env.put("MUSLIN_IPTABLES_BACKEND", "legacy");
        env.put("MUSLIN_LOG_LEVEL", "warn");
        env.put("MUSLIN_ETCD_USERNAME", "u");
        env.put("MUSLIN_ETCD_PASSWORD", "p");
        env.put("MUSLIN_UNRELATED", "ignored");
        AgentConfig c = parse("nodeName: from-file\n" + ETCD + "http:\n  port: 9100\n", env);
        assertThat(c.nodeName()).isEqualTo("from-env");
        assertThat(((EtcdStore) c.datastore()).etcd().endpoints()).hasToString("[http://10.0.0.1:2379, http://10.0.0.2:2379]");
        assertThat(((EtcdStore) c.datastore()).etcd().username()).contains("u");
        assertThat(((EtcdStore) c.datastore()).etcd().password()).contains("p");
        assertThat(c.nodeAddress().ipv4()).hasToString("can-reach=10.0.0.1");
        assertThat(c.nodeAddress().ipv6()).hasToString("fd00::9/64");
        assertThat(c.bgp().asNumber()).hasValue(65001);
        assertThat(c.bgp().listenPort()).hasValue(1179);
        assertThat(c.bgp().holdTime()).isEqualTo(9);
        assertThat(c.bgp().gracefulRestartTime()).isZero();
        assertThat(c.bgp().routerId().orElseThrow()).hasToString("1.2.3.4");
        assertThat(c.http().address()).hasToString("::1");
        assertThat(c.http().port()).isZero();
        assertThat(c.routeResyncInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.ipam().gcInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.ipam().gcGrace()).isEqualTo(Duration.ofHours(2));
        assertThat(c.policy().enabled()).isFalse();
        assertThat(c.policy().iptablesBackend()).isEqualTo(AgentConfig.IptablesBackend.LEGACY);
        assertThat(c.logLevel()).isEqualTo(AgentConfig.LogLevel.WARN);
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws ConfigException {
        AgentConfig c = parse(ETCD + "http:\n  port: 9100\n", Map.of("MUSLIN_HTTP_PORT", ""));
        assertThat(c.http().port()).isEqualTo(9100);
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> parse(ETCD, Map.of("MUSLIN_HTTP_PORT", "http")))
                .hasMessage("http.port (MUSLIN_HTTP_PORT): 'http' is not a whole number");
        assertThatThrownBy(() -> parse("", Map.of("MUSLIN_DATASTORE_TYPE", "file")))
                .hasMessage("datastore.file.directory: is required with datastore.type file");
        assertThatThrownBy(() -> parse(ETCD, Map.of("MUSLIN_IPV4", "frist-found")))
                .hasMessageStartingWith("nodeAddress.ipv4 (MUSLIN_IPV4): 'frist-found' is neither an address nor a known method");
    }

    @Test
    void everyDocumentedVariableSetsAKnownField() {
        for (EnvOverrides.Variable v : EnvOverrides.VARIABLES) {
            assertThat(v.name()).startsWith("MUSLIN_");
            assertThat(v.path()).matches("[a-zA-Z0-9.]+");
        }
        assertThat(EnvOverrides.VARIABLES.stream().map(EnvOverrides.Variable::name).distinct()).hasSize(EnvOverrides.VARIABLES.size());
    }

    @Test
    void theDocsListEveryVariable() throws IOException {
        Path doc = Path.of("..", "docs", "node-agent.md");
        String text = Files.readString(doc);
        for (EnvOverrides.Variable v : EnvOverrides.VARIABLES) {
            assertThat(text).as("docs/node-agent.md names " + v.name()).contains("`" + v.name() + "`");
        }
        assertThat(text).contains("`" + EnvOverrides.ETCD_PASSWORD + "`").contains("`" + EnvOverrides.CONFIG_FILE + "`");
    }

    static Stream<Arguments> badValues() throws IOException {
        Path ca = Files.writeString(Files.createTempDirectory("muslin-cfg").resolve("ca.pem"), "ca");
        Path emptyPw = Files.writeString(ca.resolveSibling("empty"), "\n");
        return Stream.of(
                Arguments.of("[1, 2]", "(top level): must be a mapping of keys to values"),
                Arguments.of("a: [", "(file): not valid YAML: "),
                Arguments.of(ETCD + "nodename: x", "nodename: unknown field (did you mean nodeName?)"),
                Arguments.of(ETCD + "nodeName: Bad_Name", "nodeName: 'Bad_Name' is not a valid node name"),
                Arguments.of(ETCD + "nodeName: [a]", "nodeName: must be a single value, not a list"),
                Arguments.of("datastore: etcd", "datastore: must be a mapping of keys to values"),
                Arguments.of("datastore:\n  type: consul", "datastore.type: 'consul' is not one of etcd, file"),
                Arguments.of("datastore:\n  typ: etcd", "datastore.typ: unknown field (did you mean type?)"),
                Arguments.of("datastore:\n  type: etcd", "datastore.etcd.endpoints: is required with datastore.type etcd"),
                Arguments.of(ETCD + "    endpoint: x", "datastore.etcd.endpoint: unknown field (did you mean endpoints?)"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [127.0.0.1:2379]",
                        "datastore.etcd.endpoints[0]: '127.0.0.1:2379' is not of the form http(s)://host:port"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [http://a:2379, 'http://b:x']",
                        "datastore.etcd.endpoints[1]: 'http://b:x' is not of the form http(s)://host:port"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [http://a:2379, https://b:2379]",
                        "datastore.etcd.endpoints: mixes http and https endpoints"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [https://a:2379]", "datastore.etcd.caFile: is required with https endpoints"),
                Arguments.of(ETCD + "    caFile: " + ca, "datastore.etcd.caFile: is set but the endpoints are plain http"),
                Arguments.of(ETCD + "    caFile: /nonexistent/ca.pem", "datastore.etcd.caFile: /nonexistent/ca.pem does not exist or is not a file"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [https://a:2379]\n    caFile: " + ca + "\n    certFile: " + ca,
                        "datastore.etcd.keyFile: is required with certFile"),
                Arguments.of("datastore:\n  etcd:\n    endpoints: [https://a:2379]\n    caFile: " + ca + "\n    keyFile: " + ca,
                        "datastore.etcd.certFile: is required with keyFile"),
                Arguments.of(ETCD + "    username: u", "datastore.etcd.passwordFile: is required with username (or set MUSLIN_ETCD_PASSWORD)"),
                Arguments.of(ETCD + "    passwordFile: " + ca, "datastore.etcd.username: is required with a password"),
                Arguments.of(ETCD + "    username: u\n    passwordFile: " + emptyPw, "datastore.etcd.passwordFile: " + emptyPw + " is empty"),
                Arguments.of(ETCD + "  file:\n    directory: /x", "datastore.file: is set but datastore.type is etcd"),
                Arguments.of("datastore:\n  type: file\n  file:\n    directory: relative/dir",
                        "datastore.file.directory: 'relative/dir' is not an absolute path"),
                Arguments.of("datastore:\n  type: file\n  file:\n    directory: " + ca,
                        "datastore.file.directory: " + ca + " exists and is not a directory"),
                Arguments.of("datastore:\n  type: file\n  file:\n    directory: /x\n  etcd:\n    endpoints: [http://a:1]",
                        "datastore.etcd: is set but datastore.type is file"),
                Arguments.of(ETCD + "nodeAddress:\n  ipv4: eth0", "nodeAddress.ipv4: 'eth0' is neither an address nor a known method"),
                Arguments.of(ETCD + "nodeAddress:\n  ipv6: 10.0.0.5/24", "nodeAddress.ipv6: '10.0.0.5/24' is not an IPv6 address"),
                Arguments.of(ETCD + "nodeAddress:\n  ipv4: none\n  ipv6: first-found", "bgp.routerId: is required when nodeAddress.ipv4 is none"),
                Arguments.of(ETCD + "nodeAddress:\n  ipv4: none\n  ipv6: none",
                        "nodeAddress.ipv4: none, and so is nodeAddress.ipv6: the node needs an address of one family"),
                Arguments.of(ETCD + "nodeAddress:\n  ipv44: x", "nodeAddress.ipv44: unknown field (did you mean ipv4?)"),
                Arguments.of(ETCD + "bgp:\n  asNumber: 0", "bgp.asNumber: 0 is outside 1..4294967295"),
                Arguments.of(ETCD + "bgp:\n  asNumber: 4294967296", "bgp.asNumber: 4294967296 is outside 1..4294967295"),
                Arguments.of(ETCD + "bgp:\n  asNumber: 23456", "bgp.asNumber: 23456 is AS_TRANS (RFC 6793), not a real AS"),
                Arguments.of(ETCD + "bgp:\n  asNumber: 65000.5", "bgp.asNumber: '65000.5' is not a whole number"),
                Arguments.of(ETCD + "bgp:\n  listenPort: 70000", "bgp.listenPort: 70000 is outside 1..65535"),
                Arguments.of(ETCD + "bgp:\n  holdTime: 2", "bgp.holdTime: 2 is not allowed: 0 or at least 3 seconds (RFC 4271 4.2)"),
                Arguments.of(ETCD + "bgp:\n  holdTime: -1", "bgp.holdTime: -1 is outside 0..65535"),
                Arguments.of(ETCD + "bgp:\n  gracefulRestartTime: 4096", "bgp.gracefulRestartTime: 4096 is outside 0..4095"),
                Arguments.of(ETCD + "bgp:\n  routerId: fd00::1", "bgp.routerId: 'fd00::1' is not a non-zero IPv4 address"),
                Arguments.of(ETCD + "bgp:\n  routerId: 0.0.0.0", "bgp.routerId: '0.0.0.0' is not a non-zero IPv4 address"),
                Arguments.of(ETCD + "bgp:\n  routerId: router1", "bgp.routerId: "),
                Arguments.of(ETCD + "bgp:\n  holdtime: 3", "bgp.holdtime: unknown field (did you mean holdTime?)"),
                Arguments.of(ETCD + "http:\n  address: localhost", "http.address: "),
                Arguments.of(ETCD + "http:\n  port: 65536", "http.port: 65536 is outside 0..65535"),
                Arguments.of(ETCD + "http: 9099", "http: must be a mapping of keys to values"),
                Arguments.of(ETCD + "routes:\n  resyncInterval: soon", "routes.resyncInterval: 'soon' is not a duration (e.g. 90s, 5m, 1h30m)"),
                Arguments.of(ETCD + "routes:\n  resyncInterval: 0s", "routes.resyncInterval: 0s is outside 1s..24h"),
                Arguments.of(ETCD + "routes:\n  resyncInterval: 25h", "routes.resyncInterval: 25h is outside 1s..24h"),
                Arguments.of(ETCD + "routes:\n  resyncInterva: 1m", "routes.resyncInterva: unknown field (did you mean resyncInterval?)"),
                Arguments.of(ETCD + "ipam:\n  gcInterval: 5s", "ipam.gcInterval: 5s is outside 10s..24h"),
                Arguments.of(ETCD + "ipam:\n  gcGrace: 30s", "ipam.gcGrace: 30s is outside 1m..168h"),
                Arguments.of(ETCD + "ipam:\n  grace: 1m", "ipam.grace: unknown field"),
                Arguments.of(ETCD + "policy:\n  enabled: yes please", "policy.enabled: 'yes please' is not true or false"),
                Arguments.of(ETCD + "policy:\n  iptablesBackend: ebpf", "policy.iptablesBackend: 'ebpf' is not one of auto, legacy, nft"),
                Arguments.of(ETCD + "policy:\n  backend: nft", "policy.backend: unknown field"),
                Arguments.of(ETCD + "policy:\n  hostProtection:\n    failsafeInbound: [tcp:22, icmp:8]",
                        "policy.hostProtection.failsafeInbound[1]: 'icmp:8' is not PROTOCOL:PORT"),
                Arguments.of(ETCD + "policy:\n  hostProtection:\n    failsafeOutbound: [udp:70000]",
                        "policy.hostProtection.failsafeOutbound[0]: 'udp:70000' is not PROTOCOL:PORT"),
                Arguments.of(ETCD + "policy:\n  hostProtection:\n    enabled: maybe", "policy.hostProtection.enabled: 'maybe' is not true or false"),
                Arguments.of(ETCD + "policy:\n  hostProtection:\n    failsafe: [tcp:22]", "policy.hostProtection.failsafe: unknown field"),
                Arguments.of(ETCD + "cniServerFile: run/cni", "cniServerFile: 'run/cni' is neither an absolute path nor none"),
                Arguments.of(ETCD + "exabgp:\n  defaultSpeaker: gobgp", "exabgp.defaultSpeaker: 'gobgp' is not one of embedded, exabgp"),
                Arguments.of(ETCD + "exabgp:\n  peers: [10.0.0.300]", "exabgp.peers[0]: '10.0.0.300' is not an IP address"),
                Arguments.of(ETCD + "exabgp:\n  runDirectory: run/exabgp", "exabgp.runDirectory: 'run/exabgp' is not an absolute path"),
                Arguments.of(ETCD + "logLevel: verbose", "logLevel: 'verbose' is not one of error, warn, info, debug, trace"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void everyBadValueNamesItsFieldAndTheReason(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void bothPasswordSourcesAtOnceAreRefused() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw2"), "x");
        assertThatThrownBy(() -> parse(ETCD + "    username: u\n    passwordFile: " + pw, Map.of("MUSLIN_ETCD_PASSWORD", "y")))
                .hasMessage("datastore.etcd.passwordFile: is set and so is MUSLIN_ETCD_PASSWORD; give one");
    }

    @Test
    void aHostNameIsNeededWhenNoNodeNameIsGiven() {
        assertThatThrownBy(() -> new AgentConfigReader(Map.of(), () -> null).parse(ETCD))
                .hasMessage("nodeName: is not set and the host name is unknown");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> new AgentConfigReader(Map.of(), () -> "h").read(Path.of("/nonexistent/agent.yaml")))
                .hasMessageStartingWith("/nonexistent/agent.yaml: cannot read: ");
    }
}
