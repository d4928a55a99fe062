package io.muslin.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.peers.PeerCalculator;
import io.muslin.agent.peers.PeerSet;
import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Node;
import io.muslin.datastore.model.Resources;
import io.muslin.datastore.model.Secret;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last known state on disk: a whole file is read back as written; anything less is ignored, never half used. */
class LastKnownStateFileTest {
    @TempDir
    Path dir;

    static LastKnownState sample() {
        Node node1 = (Node) Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node1, labels: {rack: rack1}, resourceVersion: "17"}
                spec: {bgp: {ipv4Address: 10.0.0.1/24, asNumber: 65001}}
                """);
        Node node2 = (Node) Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: node2}
                spec: {bgp: {ipv4Address: 10.0.0.2/24}}
                """);
        BGPPeer tor = (BGPPeer) Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.254, asNumber: 65000, password: {secretKeyRef: {name: bgp-passwords, key: tor}}}
                """);
        BGPConfiguration config = (BGPConfiguration) Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {nodeToNodeMeshEnabled: true, asNumber: 64512}
                """);
        IPPool pool = (IPPool) Resources.fromYaml("""
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: default-ipv4}
                spec: {cidr: 10.244.0.0/16, blockSize: 26, ipipMode: Never, vxlanMode: CrossSubnet}
                """);
        Secret secret = (Secret) Resources.fromYaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: bgp-passwords, namespace: kube-system}
                type: Opaque
                data: {tor: czNjcmV0}
                """);
        return new LastKnownState(Instant.parse("2026-12-03T10:15:30Z"), "node1", List.of(node1, node2), List.of(tor),
                List.of(config), List.of(pool), List.of(), List.of(secret), List.of(IpPrefix.parse("10.244.7.64/26")),
                IpAddress.parse("10.244.7.65"));
    }

    @Test
    void writtenStateIsReadBackWholeAndGivesTheSamePeers() throws Exception {
        LastKnownStateFile file = new LastKnownStateFile(dir);
        LastKnownState s = sample();
        file.write(s);

        LastKnownState back = file.read("node1").orElseThrow();
        assertThat(back).isEqualTo(s);
        assertThat(back.secret("kube-system", "bgp-passwords").flatMap(x -> x.stringValue("tor"))).contains("s3cret");
        PeerSet before = PeerCalculator.compute("node1", s.nodes(), s.bgpPeers(), s.bgpConfigurations(),
                (n, k) -> s.secret("kube-system", n).flatMap(x -> x.stringValue(k)));
        PeerSet after = PeerCalculator.compute("node1", back.nodes(), back.bgpPeers(), back.bgpConfigurations(),
                (n, k) -> back.secret("kube-system", n).flatMap(x -> x.stringValue(k)));
        assertThat(after).isEqualTo(before);
        assertThat(after.peers()).hasSize(2);
    }

    @Test
    void fileHoldingPasswordsIsReadableByRootOnlyAndNoTemporaryFileIsLeft() throws Exception {
        LastKnownStateFile file = new LastKnownStateFile(dir);
        file.write(sample());
        file.write(sample().withSavedAt(Instant.parse("2026-12-03T11:00:00Z")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LastKnownStateFile.NAME);
        }
        assertThat(file.read("node1").orElseThrow().savedAt()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
    }

    @Test
    void noFileMeansNoState() {
        assertThat(new LastKnownStateFile(dir).read("node1")).isEmpty();
    }

    @Test
    void fileCutShortAtAnyPointIsIgnored() throws Exception {
        LastKnownStateFile file = new LastKnownStateFile(dir);
        file.write(sample());
        byte[] whole = Files.readAllBytes(file.path());
        for (int cut : new int[] {0, 1, whole.length / 4, whole.length / 2, whole.length - 2}) {
            Files.write(file.path(), Arrays.copyOf(whole, cut));
            assertThat(file.read("node1")).as("cut at %d of %d bytes", cut, whole.length).isEmpty();
        }
    }

    @Test
    void badContentIsIgnoredWithTheFieldNamed() {
        String good = new String(LastKnownStateFile.encode(sample()), StandardCharsets.UTF_8);
        assertThat(reason(good.replace("\"format\" : 1", "\"format\" : 2"))).startsWith("format:");
        assertThat(reason(good.replace("\"nodeName\" : \"node1\",", ""))).startsWith("nodeName:");
        assertThat(reason(good.replace("10.244.7.64/26", "10.244.7.64/99"))).startsWith("blocks:");
        assertThat(reason(good.replace("\"kind\" : \"IPPool\"", "\"kind\" : \"Pool\""))).startsWith("pools[0]:");
        assertThat(reason(good.replace("\"blockSize\" : 26", "\"blockSize\" : \"big\""))).startsWith("pools[0]:");
        assertThat(reason("[]")).startsWith("not a JSON object");
    }

    @Test
    void anotherNodesFileIsIgnored() {
        LastKnownStateFile file = new LastKnownStateFile(dir);
        file.write(sample());
        assertThat(file.read("node2")).isEmpty();
        assertThat(file.read("node1")).isPresent();
    }

    @Test
    void onlyTheSavingTimeDifferingIsTheSameContent() {
        LastKnownState s = sample();
        assertThat(s.withSavedAt(Instant.EPOCH).sameContent(s)).isTrue();
        LastKnownState other = new LastKnownState(s.savedAt(), s.nodeName(), s.nodes(), s.bgpPeers(), s.bgpConfigurations(),
                s.pools(), s.filters(), s.secrets(), List.of(IpPrefix.parse("10.244.9.0/26")), s.tunnelAddress());
        assertThat(other.sameContent(s)).isFalse();
        assertThat(s.sameContent(null)).isFalse();
    }

    private static String reason(String json) {
        try {
            LastKnownStateFile.decode(json.getBytes(StandardCharsets.UTF_8));
            return "read";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
