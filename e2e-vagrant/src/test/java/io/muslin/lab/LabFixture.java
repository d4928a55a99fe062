package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.check.Leftovers;
import io.muslin.lab.driver.LabState;
import io.muslin.lab.driver.NetnsLab;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the lab's end-to-end tests share: prerequisites, where things are, the leftover check. */
public final class LabFixture {
    /** The lab's state for tests (the namespaces are the lab's own: a test replaces a lab left up by hand). */
    public static final LabState STATE = new LabState(Path.of("/run/muslin-lab-test"));

    private LabFixture() {
    }

    public static Path muslinRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    public static Path topology(String name) {
        return Path.of("topologies", name + ".yaml").toAbsolutePath();
    }

    /** Root, namespaces, and the daemons every lab runs. */
    public static void requireNetworkParts() {
        Prerequisites.requireAll(Netns.unavailableReason(),
                Prerequisites.executableReason("bird2", "/usr/sbin/bird"),
                Prerequisites.executableReason("frr", "/usr/lib/frr/bgpd"),
                Prerequisites.executableReason("etcd-server", "/usr/bin/etcd"),
                Prerequisites.executableReason("etcd-client", "/usr/bin/etcdctl"),
                Prerequisites.executableReason("tcpdump", "/usr/bin/tcpdump", "/usr/sbin/tcpdump"),
                Prerequisites.executableReason("curl", "/usr/bin/curl"));
    }

    /** Also the packaged agent (bin/muslin runs node-agent/target). */
    public static void requireAgent() {
        requireNetworkParts();
        Path jar = muslinRoot().resolve("node-agent/target/muslin-node-agent.jar");
        Prerequisites.require(Files.exists(jar) ? null
                : jar + " is missing (build it: mvn -pl node-agent -am package -DskipTests)");
    }

    /** Takes the lab down and checks that nothing of it is left. */
    public static void downAndCheckNothingLeft() {
        NetnsLab.down(STATE);
        assertThat(Leftovers.find(STATE)).as("what the lab left behind").isEmpty();
    }
}
