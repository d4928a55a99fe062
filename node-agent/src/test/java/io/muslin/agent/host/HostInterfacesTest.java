package io.muslin.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.agent.address.AddressMethod;
import io.muslin.agent.address.AddressSelector;
import io.muslin.agent.address.NetInterface;
import io.muslin.net.InterfaceAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.Rt;
import io.muslin.netlink.fake.FakeNetlink;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostInterfacesTest {
    @Test
    void linksAndAddressesBecomeTheSelectorsInterfaces() {
        FakeNetlink kernel = new FakeNetlink();
        kernel.addInterface("eth0", 1500, "10.0.1.5/24");
        int br = kernel.addLink("docker0", "bridge", Link.IFF_UP, 1500);
        kernel.addAddress(new Addr(br, InterfaceAddress.parse("172.17.0.1/16"), Rt.SCOPE_UNIVERSE, 0, "docker0"));
        int eth1 = kernel.addLink("eth1", null, Link.IFF_UP | Link.IFF_LOWER_UP, 9000);
        kernel.addAddress(new Addr(eth1, InterfaceAddress.parse("fe80::1/64"), Rt.SCOPE_LINK, 0, null));
        kernel.addAddress(new Addr(eth1, InterfaceAddress.parse("fd00::5/64"), Rt.SCOPE_UNIVERSE, Addr.IFA_F_TENTATIVE, null));

        List<NetInterface> all = HostInterfaces.read(kernel);
        NetInterface eth0 = all.stream().filter(i -> i.name().equals("eth0")).findFirst().orElseThrow();
        assertThat(eth0.up()).isTrue();
        assertThat(eth0.carrier()).isTrue();
        assertThat(eth0.addresses()).containsExactly(NetInterface.Address.global("10.0.1.5/24"));
        NetInterface docker = all.stream().filter(i -> i.name().equals("docker0")).findFirst().orElseThrow();
        assertThat(docker.isBridge()).isTrue();
        assertThat(docker.carrier()).as("a bridge with no port up").isFalse();
        NetInterface e1 = all.stream().filter(i -> i.name().equals("eth1")).findFirst().orElseThrow();
        assertThat(e1.addresses()).as("a tentative address is not usable yet")
                .containsExactly(new NetInterface.Address(InterfaceAddress.parse("fe80::1/64"), NetInterface.Scope.LINK));

        // first-found skips docker0 (no carrier) and picks eth0's address with its prefix length.
        AddressSelector.Result r = AddressSelector.select(new AddressMethod.FirstFound(), false, all);
        assertThat(r).isInstanceOfSatisfying(AddressSelector.Result.Found.class,
                f -> assertThat(f.address()).isEqualTo(InterfaceAddress.parse("10.0.1.5/24")));
    }
}
