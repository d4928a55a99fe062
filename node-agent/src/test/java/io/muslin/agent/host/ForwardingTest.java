package io.muslin.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingTest {
    @TempDir
    Path procSysNet;

    private void sysctl(String name, String value) throws IOException {
        Path file = procSysNet.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }

    private String read(String name) throws IOException {
        return Files.readString(procSysNet.resolve(name)).strip();
    }

    @Test
    void turnsOnForwardingForTheFamiliesInUse() throws IOException {
        sysctl("ipv4/ip_forward", "0");
        sysctl("ipv6/conf/all/forwarding", "0");
        assertThat(new Forwarding(procSysNet).enable(true, false)).containsExactly("net.ipv4.ip_forward");
        assertThat(read("ipv4/ip_forward")).isEqualTo("1");
        assertThat(read("ipv6/conf/all/forwarding")).isEqualTo("0");
        assertThat(new Forwarding(procSysNet).enable(true, true)).containsExactly("net.ipv6.conf.all.forwarding");
        assertThat(read("ipv6/conf/all/forwarding")).isEqualTo("1");
    }

    @Test
    void writesNothingWhenForwardingIsOnAlready() throws IOException {
        sysctl("ipv4/ip_forward", "1");
        sysctl("ipv6/conf/all/forwarding", "1");
        assertThat(new Forwarding(procSysNet).enable(true, true)).isEmpty();
    }

    @Test
    void aKernelWithoutIpv6IsSkipped() throws IOException {
        sysctl("ipv4/ip_forward", "0");
        assertThat(new Forwarding(procSysNet).enable(true, true)).containsExactly("net.ipv4.ip_forward");
    }
}
