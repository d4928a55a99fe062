package io.muslin.lab.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Path readings on kernel routes and on tcpdump lines as tcpdump 4.99 prints them with {@code -n -e -l}. */
class PathsTest {
    private static final IpAddress POD_A = IpAddress.parse("10.244.1.62");
    private static final IpAddress POD_B = IpAddress.parse("10.244.2.62");
    private static final IpAddress NODE_B = IpAddress.parse("10.10.2.11");
    private static final IpAddress GW = IpAddress.parse("10.10.1.1");
    private static final String NODE_B_MAC = "76:4c:72:3f:f8:ed";
    private static final String TOR_MAC = "4a:38:0b:32:aa:cf";

    @Test
    void routes() {
        Set<IpAddress> nodes = Set.of(IpAddress.parse("10.10.1.12"), NODE_B);
        assertThat(Paths.fromRoute("cali1234567890a", null, GW, nodes)).isEqualTo(PathKind.LOCAL);
        assertThat(Paths.fromRoute("vxlan.muslin", NODE_B, GW, nodes)).isEqualTo(PathKind.VXLAN);
        assertThat(Paths.fromRoute("tunl0", NODE_B, GW, nodes)).isEqualTo(PathKind.IPIP);
        assertThat(Paths.fromRoute("eth0", IpAddress.parse("10.10.1.12"), GW, nodes)).isEqualTo(PathKind.DIRECT);
        assertThat(Paths.fromRoute("eth0", GW, GW, nodes)).isEqualTo(PathKind.VIA_TOR);
        assertThat(Paths.fromRoute("eth0", IpAddress.parse("10.10.1.99"), GW, nodes)).isEqualTo(PathKind.UNKNOWN);
        assertThat(Paths.fromRoute(null, null, GW, nodes)).isEqualTo(PathKind.UNKNOWN);
    }

    @Test
    void vxlanIsTheOuterUdpToTheOtherNodeCarryingThePodsPacket() {
        String capture = """
                12:31:43.982006 4a:38:0b:32:aa:cf > ae:ef:9c:5f:04:74, ethertype IPv4 (0x0800), length 148: 10.10.1.11.43639 > 10.10.2.11.4789: VXLAN, flags [I] (0x08), vni 4096
                ee:55:4d:5d:9e:f5 > 76:4c:72:3f:f8:ed, ethertype IPv4 (0x0800), length 98: 10.244.1.62 > 10.244.2.62: ICMP echo request, id 7999, seq 1, length 64
                """;
        assertThat(Paths.fromCapture(capture, POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC)).isEqualTo(PathKind.VXLAN);
        // VXLAN to another node, or carrying another pair's packet, is not this pair's path.
        assertThat(Paths.fromCapture(capture.replace("10.10.2.11.4789", "10.10.2.12.4789"), POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC))
                .isEqualTo(PathKind.UNKNOWN);
        assertThat(Paths.fromCapture(capture.replace("10.244.2.62:", "10.244.2.61:"), POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC))
                .isEqualTo(PathKind.UNKNOWN);
    }

    @Test
    void ipipIsProtocolFourToTheOtherNodeWithOrWithoutTheIpWord() {
        String withE = "12:00:00.1 aa:aa:aa:aa:aa:aa > 4a:38:0b:32:aa:cf, ethertype IPv4 (0x0800), length 118: "
                + "10.10.1.11 > 10.10.2.11: 10.244.1.62 > 10.244.2.62: ICMP echo request, id 1, seq 1, length 64\n";
        String withoutE = "12:00:00.1 IP 10.10.1.11 > 10.10.2.11: IP 10.244.1.62 > 10.244.2.62: ICMP echo request, id 1, seq 1, length 64\n";
        assertThat(Paths.fromCapture(withE, POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC)).isEqualTo(PathKind.IPIP);
        assertThat(Paths.fromCapture(withoutE, POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC)).isEqualTo(PathKind.IPIP);
    }

    @Test
    void plainPacketsAreToldApartByTheFramesDestination() {
        String toNode = "12:00:00.1 aa:aa:aa:aa:aa:aa > 76:4c:72:3f:f8:ed, ethertype IPv4 (0x0800), length 98: "
                + "10.244.1.62 > 10.244.2.62: ICMP echo request, id 1, seq 1, length 64\n";
        assertThat(Paths.fromCapture(toNode, POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC)).isEqualTo(PathKind.DIRECT);
        assertThat(Paths.fromCapture(toNode.replace(NODE_B_MAC, TOR_MAC), POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC))
                .isEqualTo(PathKind.VIA_TOR);
        assertThat(Paths.fromCapture(toNode.replace("echo request", "echo reply"), POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC))
                .isEqualTo(PathKind.UNKNOWN);
        assertThat(Paths.fromCapture("", POD_A, POD_B, NODE_B, NODE_B_MAC, TOR_MAC)).isEqualTo(PathKind.UNKNOWN);
    }
}
