package io.muslin.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.lab.qemu.QemuLab;
import io.muslin.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * two-racks-ipip for real: the namespace lab inside Debian's kernel under QEMU (this machine's
 * kernel has no ipip), cross-rack pods through tunl0 proved by route and a capture showing
 * IP-in-IP. Several minutes under TCG, so opt-in: {@code MUSLIN_LAB_QEMU=1}.
 */
@EnabledIfEnvironmentVariable(named = "MUSLIN_LAB_QEMU", matches = "1")
class IpipQemuLabIT {
    @Test
    void crossRackPodsGoThroughTunl0() {
        LabFixture.requireAgent();
        Prerequisites.require(QemuLab.missing().orElse(null));
        String console = QemuLab.run(LabFixture.muslinRoot(), LabFixture.topology("two-racks-ipip").toString(), 1800, System.out::println);
        assertThat(console).contains("MUSLIN-LAB-QEMU test exit 0");
        assertThat(console).containsPattern("pod-node1-0 \\S+ -> pod-node2-0 \\S+ +reached +route ipip +capture ipip +ok");
        assertThat(console).containsPattern("pod-node2-0 \\S+ -> pod-node1-0 \\S+ +reached +route ipip +capture ipip +ok");
        assertThat(console).contains("lab is down; nothing of it is left");
    }
}
