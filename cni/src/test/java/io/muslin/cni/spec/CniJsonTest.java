package io.muslin.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shapes of the specification's examples (CNI 1.0.0 "Success", "Error", "Version"; 0.4.0 ips with "version"). */
class CniJsonTest {
    private static final CniResult RESULT = new CniResult(
            List.of(new CniResult.Interface("mus0123456789ab", "ee:ee:ee:ee:ee:ee", Optional.empty()),
                    new CniResult.Interface("eth0", "0a:58:0a:f4:00:05", Optional.of("/run/netns/p"))),
            List.of(new CniResult.Ip(InterfaceAddress.parse("10.244.0.5/32"), Optional.of(IpAddress.parse("169.254.1.1")), 1)),
            List.of(new CniResult.Route(IpPrefix.parse("0.0.0.0/0"), Optional.of(IpAddress.parse("169.254.1.1")))),
            CniResult.Dns.none());

    @Test
    void resultOfVersion100() {
        JsonNode n = CniJson.parse(CniJson.result(RESULT, "1.0.0"));
        assertThat(n.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(n.at("/interfaces/0/sandbox").isMissingNode()).isTrue();
        assertThat(n.at("/interfaces/1/sandbox").asText()).isEqualTo("/run/netns/p");
        assertThat(n.at("/interfaces/1/mac").asText()).isEqualTo("0a:58:0a:f4:00:05");
        assertThat(n.at("/ips/0/address").asText()).isEqualTo("10.244.0.5/32");
        assertThat(n.at("/ips/0/interface").asInt()).isEqualTo(1);
        assertThat(n.at("/ips/0/gateway").asText()).isEqualTo("169.254.1.1");
        assertThat(n.at("/ips/0/version").isMissingNode()).isTrue();
        assertThat(n.at("/routes/0/dst").asText()).isEqualTo("0.0.0.0/0");
        assertThat(n.at("/routes/0/gw").asText()).isEqualTo("169.254.1.1");
        assertThat(n.get("dns").isObject()).isTrue();
        assertThat(CniJson.readResult(n)).isEqualTo(RESULT);
    }

    @Test
    void resultOfVersion040CarriesTheAddressVersion() {
        JsonNode n = CniJson.parse(CniJson.result(RESULT, "0.4.0"));
        assertThat(n.at("/ips/0/version").asText()).isEqualTo("4");
        assertThat(n.get("cniVersion").asText()).isEqualTo("0.4.0");
    }

    @Test
    void errorAndVersion() {
        JsonNode e = CniJson.parse(CniJson.error(new CniError(7, "invalid network configuration: mtu: bad", "d"), "1.0.0"));
        assertThat(e.get("code").asInt()).isEqualTo(7);
        assertThat(e.get("msg").asText()).isEqualTo("invalid network configuration: mtu: bad");
        assertThat(e.get("details").asText()).isEqualTo("d");
        JsonNode v = CniJson.parse(CniJson.versions("1.0.0"));
        assertThat(v.get("supportedVersions")).extracting(JsonNode::asText).contains("0.4.0", "1.0.0", "1.1.0");
    }
}
