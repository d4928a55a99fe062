package io.muslin.exabgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SessionSpec;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.net.IpAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExabgpConfigTest {
    private static final Path DIR = Path.of("/run/muslin/exabgp");

    private static ExabgpSettings settings(List<ExabgpNeighbor> n) {
        return ExabgpSettings.of(DIR, 64512, IpAddress.parse("192.0.2.1"), n);
    }

    @Test
    void oneBlockPerNeighbourWithEverythingTheSessionNeeds() {
        PeerSpec tor = new PeerSpec(IpAddress.parse("192.0.2.254"), "tor", SessionSpec.of(65000)
                .withLocalAddress(IpAddress.parse("192.0.2.1")).withPassword("s3cret").withHoldTime(30), PeerPolicy.DEFAULT);
        PeerSpec v6 = PeerSpec.of(IpAddress.parse("2001:db8::fe"), 64512)
                .withSession(SessionSpec.of(64512).withFamilies(List.of(AfiSafi.IPV6_UNICAST)).withPassive(true)
                        .withLocalAddress(IpAddress.parse("2001:db8::1")));
        String c = ExabgpConfig.render(settings(List.of(new ExabgpNeighbor(tor, true), new ExabgpNeighbor(v6, false))),
                DIR.resolve("api-relay.py"), DIR.resolve("api.sock"));
        assertThat(c).contains("process muslin {\n    run /usr/bin/python3 /run/muslin/exabgp/api-relay.py "
                + "/run/muslin/exabgp/api.sock;\n    encoder json;\n}");
        assertThat(c).contains("""
                neighbor 192.0.2.254 {
                    description "tor";
                    router-id 192.0.2.1;
                    local-address 192.0.2.1;
                    local-as 64512;
                    peer-as 65000;
                    hold-time 30;
                    md5-password "s3cret";
                    family {
                        ipv4 unicast;
                        ipv6 unicast;
                        bgp-ls bgp-ls;
                    }
                    api {
                        processes [ muslin ];
                        neighbor-changes;
                        receive { parsed; update; notification; }
                    }
                }
                """);
        assertThat(c).contains("neighbor 2001:db8::fe {").contains("    passive;\n")
                .contains("    family {\n        ipv6 unicast;\n    }\n");
    }

    @Test
    void environmentKeepsItInTheForegroundAndQuiet() {
        PeerSpec passive = PeerSpec.of(IpAddress.parse("192.0.2.254"), 65000)
                .withSession(SessionSpec.of(65000).withPassive(true).withLocalAddress(IpAddress.parse("192.0.2.1")));
        Map<String, String> env = ExabgpConfig.environment(settings(List.of(new ExabgpNeighbor(passive, false))), "root");
        assertThat(env).containsEntry("exabgp.daemon.daemonize", "false").containsEntry("exabgp.log.level", "WARNING")
                .containsEntry("exabgp.api.ack", "false").containsEntry("exabgp.api.encoder", "json")
                .containsEntry("exabgp.daemon.user", "root").containsEntry("exabgp.api.terminate", "true")
                .containsEntry("exabgp.tcp.bind", "192.0.2.1");
        assertThat(ExabgpConfig.environment(settings(List.of()), "root")).containsEntry("exabgp.tcp.bind", "");
    }

    @Test
    void valuesThatCannotBeWrittenAreRejectedByField() {
        PeerSpec bad = new PeerSpec(IpAddress.parse("192.0.2.254"), "say \"hi\"", SessionSpec.of(65000)
                .withLocalAddress(IpAddress.parse("192.0.2.1")), PeerPolicy.DEFAULT);
        assertThatThrownBy(() -> ExabgpConfig.render(settings(List.of(new ExabgpNeighbor(bad, false))), DIR, DIR))
                .hasMessageStartingWith("neighbors[0].description:");
        PeerSpec noLocal = PeerSpec.of(IpAddress.parse("192.0.2.254"), 65000);
        assertThatThrownBy(() -> ExabgpConfig.render(settings(List.of(new ExabgpNeighbor(noLocal, false))), DIR, DIR))
                .hasMessageStartingWith("neighbors[0].localAddress: is required");
        assertThatThrownBy(() -> settings(List.of(new ExabgpNeighbor(bad, false), new ExabgpNeighbor(bad, true))))
                .hasMessageStartingWith("neighbors[1].address:");
        assertThatThrownBy(() -> ExabgpSettings.of(DIR, 64512, IpAddress.parse("2001:db8::1"), List.of()))
                .hasMessageStartingWith("routerId:");
    }
}
