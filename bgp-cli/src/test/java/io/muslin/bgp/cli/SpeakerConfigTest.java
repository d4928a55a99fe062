package io.muslin.bgp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.muslin.bgp.settings.BfdSpec;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.config.ConfigException;
import io.muslin.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpeakerConfigTest {
    static final String GOOD = """
            asNumber: 64512            # 4-octet allowed
            routerId: 10.77.0.2
            listen: {address: 10.77.0.2, port: 179}
            http: {address: 127.0.0.1, port: 9179}
            peers:
              - {address: 10.77.0.1, asNumber: 64512, passive: true, password: "secret", holdTime: 90}
            originate: [10.244.1.0/26, "fd00:10:244:1::/64"]
            """;

    @Test
    void readsTheDocumentedExample() throws Exception {
        SpeakerConfig c = SpeakerConfig.parse(GOOD);
        assertThat(c.desired().speaker().asNumber()).isEqualTo(64512);
        assertThat(c.desired().speaker().listenPort()).isEqualTo(179);
        assertThat(c.httpPort()).isEqualTo(9179);
        assertThat(c.desired().peers()).singleElement().satisfies(peer -> {
            var p = peer.session();
            assertThat(p.password()).isEqualTo("secret");
            assertThat(p.passive()).isTrue();
            assertThat(p.holdTime()).isEqualTo(90);
            assertThat(p.families()).containsExactly(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
            assertThat(p.gracefulRestartTime()).as("GR on by default").isEqualTo(120);
        });
        assertThat(c.desired().originated()).extracting(OriginatedRoute::prefix)
                .containsExactly(IpPrefix.parse("10.244.1.0/26"), IpPrefix.parse("fd00:10:244:1::/64"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "asNumber: 70000000000|asNumber|outside 1..4294967295",
        "asNumber: sixty|asNumber|is not a whole number",
        "routerId: fd00::1|routerId|is not an IPv4 address",
        "routerId: 0.0.0.0|routerId|not a valid BGP identifier",
        "holdTime: 2|holdTime|0 (no keepalives) or 3..65535",
        "listen: {address: 10.77.0.2, prot: 179}|listen.prot|did you mean port?",
        "peers: [{address: 10.77.0.1}]|peers[0].asNumber|is required",
        "peers: [{address: 10.77.0.300, asNumber: 1}]|peers[0].address|is not an IP address",
        "peers: [{address: 10.77.0.1, asNumber: 1, families: [vpnv4]}]|peers[0].families[0]|not ipv4-unicast or ipv6-unicast",
        "peers: [{address: 10.77.0.1, asNumber: 1, localAddress: 'fd00::1'}]|peers[0].localAddress|not of the same family",
        "peers: [{address: 10.77.0.1, asNumber: 1}, {address: 10.77.0.1, asNumber: 2}]|peers[1].address|configured twice",
        "originate: [10.244.1.1/26]|originate[0]|host bits set",
        "colour: blue|colour|unknown field",
        "peers: [{address: 10.77.0.1, asNumber: 1, bfd: {minRxMs: 0}}]|peers[0].bfd.minRxMs|outside 1..3600000",
        "peers: [{address: 10.77.0.1, asNumber: 1, bfd: {minTxMs: fast}}]|peers[0].bfd.minTxMs|is not a whole number",
        "peers: [{address: 10.77.0.1, asNumber: 1, bfd: {multiplier: 256}}]|peers[0].bfd.multiplier|outside 1..255",
        "peers: [{address: 10.77.0.1, asNumber: 1, bfd: {interval: 300}}]|peers[0].bfd.interval|unknown field",
        "peers: [{address: 10.77.0.1, asNumber: 1, bfd: true}]|peers[0].bfd|must be a mapping",
    })
    void badValuesNameTheFieldAndTheReason(String line, String field, String reason) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SpeakerConfig.parse(yamlFor(line)));
        assertThat(e).as(line).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(reason);
    }

    @Test
    void bfdIsOffUnlessPresentAndPresentMeansTheDefaults() throws Exception {
        SpeakerConfig c = SpeakerConfig.parse(yamlFor("""
                peers:
                  - {address: 10.77.0.1, asNumber: 1}
                  - {address: 10.77.0.3, asNumber: 1, bfd: {}}
                  - {address: 10.77.0.4, asNumber: 1, bfd: {minRxMs: 100, minTxMs: 200, multiplier: 5, multihop: true}}
                """));
        assertThat(c.desired().peers().get(0).bfd()).isNull();
        assertThat(c.desired().peers().get(1).bfd()).isEqualTo(new BfdSpec(300, 300, 3, false));
        assertThat(c.desired().peers().get(2).bfd()).isEqualTo(new BfdSpec(100, 200, 5, true));
    }

    static String yamlFor(String line) {
        String key = line.substring(0, line.indexOf(':'));
        StringBuilder y = new StringBuilder();
        if (!key.equals("asNumber")) {
            y.append("asNumber: 64512\n");
        }
        if (!key.equals("routerId")) {
            y.append("routerId: 10.77.0.2\n");
        }
        return y.append(line).append('\n').toString();
    }
}
