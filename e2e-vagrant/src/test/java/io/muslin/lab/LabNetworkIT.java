package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.driver.Names;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.lab.driver.Shell;
import io.muslin.lab.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's network without agents: racks behind the core, BIRD and FRR as the racks' routers
 * announcing the rack subnets over eBGP, etcd reachable from every node through them, the starting
 * resources in etcd; then down, and up again over a crashed run's leftovers.
 */
class LabNetworkIT {
    @AfterEach
    void down() {
        LabFixture.downAndCheckNothingLeft();
    }

    @Test
    void racksReachEachOtherThroughTheirRoutersAndTheCore() {
        LabFixture.requireNetworkParts();
        NetnsLab lab = NetnsLab.up(LabFixture.topology("two-racks-tor"), LabFixture.STATE, LabFixture.muslinRoot(),
                NetnsLab.Options.networkOnly());
        Topology t = lab.topology();
        // The core learned each rack's subnet from that rack's router (BIRD on rack1, FRR on rack2).
        String core = Shell.mustIn(Names.CORE, "ip", "route", "show", "proto", "bird");
        assertThat(core).contains("10.10.1.0/24 via 10.255.0.2 dev r0").contains("10.10.2.0/24 via 10.255.0.6 dev r1");
        assertThat(Shell.mustIn(Names.tor(t.racks().get(0)), "ip", "route", "show", "10.10.2.0/24")).contains("via 10.255.0.1");
        assertThat(Shell.mustIn(Names.tor(t.racks().get(1)), "ip", "route", "show", "10.10.1.0/24")).contains("via 10.255.0.5");
        // A node in one rack reaches one in the other, crossing both routers and the core (TTL 64 - 3).
        String ping = Shell.mustIn(Names.node("node1"), "ping", "-c", "1", "-W", "2", "10.10.2.11");
        assertThat(ping).contains("1 received").contains("ttl=61");
        // The starting resources are in etcd.
        String keys = String.join("\n", lab.etcd().getPrefix("/muslin/v1/"));
        assertThat(keys).contains("/muslin/v1/ippools/default-ipv4", "/muslin/v1/bgpconfigurations/default",
                "/muslin/v1/bgppeers/tor-rack1", "/muslin/v1/bgppeers/tor-rack2", "/muslin/v1/nodes/node3");
    }

    @Test
    void upAfterACrashRemovesTheLeftoversFirst() {
        LabFixture.requireNetworkParts();
        NetnsLab.up(LabFixture.topology("two-racks-mesh"), LabFixture.STATE, LabFixture.muslinRoot(), NetnsLab.Options.networkOnly());
        List<Long> first = LabFixture.STATE.processes().stream().map(s -> s.pid()).toList();
        assertThat(first).hasSizeGreaterThanOrEqualTo(4);
        // No down: as if the JVM that brought it up had been killed. A second up starts clean.
        NetnsLab.up(LabFixture.topology("two-racks-mesh"), LabFixture.STATE, LabFixture.muslinRoot(), NetnsLab.Options.networkOnly());
        for (long pid : first) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d of the first run", pid).isEmpty();
        }
        assertThat(Shell.mustIn(Names.node("node1"), "ping", "-c", "1", "-W", "2", "10.10.2.11")).contains("1 received");
    }
}
