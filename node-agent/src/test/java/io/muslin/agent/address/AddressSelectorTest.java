package io.muslin.agent.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.agent.address.AddressSelector.Result;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each method and each exclusion, on hand-made interface lists whose right answer is evident. */
class AddressSelectorTest {
    private static final NetInterface LO = new NetInterface("lo", 1, "", true, true,
            List.of(new NetInterface.Address(InterfaceAddress.parse("127.0.0.1/8"), NetInterface.Scope.HOST),
                    new NetInterface.Address(InterfaceAddress.parse("::1/128"), NetInterface.Scope.HOST)));
    private static final NetInterface ETH0 = new NetInterface("eth0", 2, "", true, true, List.of(
            NetInterface.Address.global("10.0.0.5/24"),
            new NetInterface.Address(InterfaceAddress.parse("fe80::1/64"), NetInterface.Scope.LINK),
            NetInterface.Address.global("fd00::5/64")));
    private static final NetInterface ETH1 = NetInterface.of("eth1", 3, "", "192.168.50.5/24");

    private static Result v4(String method, List<NetInterface> ifs) {
        return AddressSelector.select(AddressMethod.parse(method, false), false, ifs);
    }

    private static Result v6(String method, List<NetInterface> ifs) {
        return AddressSelector.select(AddressMethod.parse(method, true), true, ifs);
    }

    private static void found(Result r, String address, String iface) {
        assertThat(r).isInstanceOf(Result.Found.class);
        Result.Found f = (Result.Found) r;
        assertThat(f.address()).hasToString(address);
        assertThat(f.interfaceName()).isEqualTo(iface);
    }

    private static String notFound(Result r) {
        assertThat(r).isInstanceOf(Result.NotFound.class);
        return ((Result.NotFound) r).reason();
    }

    @Test
    void firstFoundTriesTheHighestIndexFirstAsCalicoDoes() {
        // Calico walks the kernel's list backwards: eth1 (index 3) before eth0 (index 2).
        found(v4("first-found", List.of(LO, ETH0, ETH1)), "192.168.50.5/24", "eth1");
        found(v4("first-found", List.of(ETH1, LO, ETH0)), "192.168.50.5/24", "eth1");
    }

    @Test
    void firstFoundSkipsLoopbackAndLinkLocalAndTakesTheFamilyAsked() {
        found(v4("first-found", List.of(LO, ETH0)), "10.0.0.5/24", "eth0");
        found(v6("first-found", List.of(LO, ETH0)), "fd00::5/64", "eth0");
        assertThat(notFound(v6("first-found", List.of(LO, ETH1)))).contains("no usable IPv6 address found by first-found");
    }

    @Test
    void firstFoundNeverTakesALinkLocalOnlyInterfaceForIpv6() {
        NetInterface onlyLinkLocal = new NetInterface("eth0", 2, "", true, true,
                List.of(new NetInterface.Address(InterfaceAddress.parse("fe80::2/64"), NetInterface.Scope.LINK)));
        notFound(v6("first-found", List.of(onlyLinkLocal)));
    }

    @Test
    void aHostLengthAddressIsAVipAndNeverChosen() {
        // keepalived puts the VIP beside the real address, often first.
        NetInterface eth0 = NetInterface.of("eth0", 2, "", "10.0.0.100/32", "10.0.0.5/24");
        found(v4("first-found", List.of(eth0)), "10.0.0.5/24", "eth0");
        NetInterface v6 = NetInterface.of("eth0", 2, "", "fd00::100/128", "fd00::5/64");
        found(v6("first-found", List.of(v6)), "fd00::5/64", "eth0");
        String why = notFound(v4("first-found", List.of(NetInterface.of("eth0", 2, "", "10.0.0.100/32"))));
        assertThat(why).contains("10.0.0.100/32 on eth0 (host-length /32, a VIP)");
        // Even a method that names the interface or the range does not take it.
        notFound(v4("interface=eth0", List.of(NetInterface.of("eth0", 2, "", "10.0.0.100/32"))));
        notFound(v4("cidr=10.0.0.0/24", List.of(NetInterface.of("eth0", 2, "", "10.0.0.100/32"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker0", "docker_gwbridge", "cbr0", "dummy0", "podman0", "virbr0", "lxcbr0", "veth1234",
        "lo", "br-1234deadbeef", "cali12345", "tunl0", "flannel.1", "kube-ipvs0", "cni0", "vxlan.calico", "vxlan-v6.calico",
        "wireguard.cali", "wg-v6.cali", "nodelocaldns", "vxlan.muslin", "vxlan-v6.muslin"})
    void firstFoundSkipsCalicosDefaultExclusionsAndMuslinsDevices(String name) {
        NetInterface excluded = NetInterface.of(name, 9, "", "172.17.0.1/16");
        found(v4("first-found", List.of(ETH0, excluded)), "10.0.0.5/24", "eth0");
        notFound(v4("first-found", List.of(excluded)));
    }

    @Test
    void namesThatOnlyLookLikeExclusionsAreKept() {
        // Calico's patterns are anchored at the start: ibmveth0 is not a pod veth.
        found(v4("first-found", List.of(NetInterface.of("ibmveth0", 2, "", "10.1.0.5/24"))), "10.1.0.5/24", "ibmveth0");
        found(v4("first-found", List.of(NetInterface.of("ens3", 2, "", "10.1.0.5/24"))), "10.1.0.5/24", "ens3");
    }

    @Test
    void aBridgeWithoutCarrierIsSkippedWithAnyName() {
        NetInterface idle = new NetInterface("br0", 4, "bridge", true, false, List.of(NetInterface.Address.global("172.20.0.1/16")));
        found(v4("first-found", List.of(ETH0, idle)), "10.0.0.5/24", "eth0");
        assertThat(notFound(v4("interface=br0", List.of(ETH0, idle)))).contains("br0 (bridge without carrier)");
        NetInterface busy = new NetInterface("br0", 4, "bridge", true, true, List.of(NetInterface.Address.global("172.20.0.1/16")));
        found(v4("first-found", List.of(ETH0, busy)), "172.20.0.1/16", "br0");
    }

    @Test
    void muslinDevicesAreSkippedEvenWhenNamed() {
        NetInterface tunl = NetInterface.of("tunl0", 5, "ipip", "192.168.10.1/24");
        NetInterface vxlan = NetInterface.of("vxlan.muslin", 6, "vxlan", "192.168.11.0/24");
        assertThat(notFound(v4("interface=tunl0", List.of(ETH0, tunl)))).contains("tunl0 (Muslin's own device)");
        notFound(v4("interface=vxlan\\.muslin", List.of(ETH0, vxlan)));
        notFound(v4("cidr=192.168.0.0/16", List.of(ETH0, tunl, vxlan)));
    }

    @Test
    void interfaceMatchesRegexesUnanchoredAndIgnoresTheDefaultExclusions() {
        NetInterface bond = NetInterface.of("bond0", 4, "bond", "10.9.0.5/24");
        found(v4("interface=eth0", List.of(ETH0, ETH1, bond)), "10.0.0.5/24", "eth0");
        found(v4("interface=eth1, bond.*", List.of(ETH0, ETH1, bond)), "10.9.0.5/24", "bond0");
        // Unanchored, as Go's MatchString: "th1" matches eth1.
        found(v4("interface=th1", List.of(ETH0, ETH1)), "192.168.50.5/24", "eth1");
        // A name Calico's defaults exclude is fine when asked for by name.
        found(v4("interface=docker0", List.of(NetInterface.of("docker0", 4, "", "172.17.0.1/16"))), "172.17.0.1/16", "docker0");
        assertThat(notFound(v4("interface=wlan.*", List.of(ETH0)))).contains("interface=wlan.*");
    }

    @Test
    void skipInterfaceAddsToTheDefaultExclusions() {
        found(v4("skip-interface=eth1", List.of(LO, ETH0, ETH1)), "10.0.0.5/24", "eth0");
        found(v4("skip-interface=eth.*", List.of(ETH0, NetInterface.of("ens3", 7, "", "10.3.0.5/24"))), "10.3.0.5/24", "ens3");
        notFound(v4("skip-interface=eth.*", List.of(ETH0, ETH1, NetInterface.of("docker0", 9, "", "172.17.0.1/16"))));
    }

    @Test
    void cidrTakesTheFirstAddressInsideOneOfTheRanges() {
        NetInterface eth0 = NetInterface.of("eth0", 2, "", "10.0.0.5/24", "10.57.4.20/24");
        found(v4("cidr=10.57.0.0/16", List.of(eth0, ETH1)), "10.57.4.20/24", "eth0");
        found(v4("cidr=172.16.0.0/12, 192.168.0.0/16", List.of(eth0, ETH1)), "192.168.50.5/24", "eth1");
        found(v6("cidr=fd00::/8", List.of(ETH0)), "fd00::5/64", "eth0");
        notFound(v4("cidr=172.16.0.0/12", List.of(eth0, ETH1)));
        // cidr= looks at every interface, excluded names included (as Calico).
        found(v4("cidr=172.17.0.0/16", List.of(NetInterface.of("docker0", 4, "", "172.17.0.1/16"))), "172.17.0.1/16", "docker0");
    }

    @Test
    void canReachTakesTheKernelsSourceAddressAndItsSubnetLength() {
        AddressSelector.SourceLookup lookup = (dest, v6) -> dest.equals("10.57.5.1") ? Optional.of(IpAddress.parse("192.168.50.5"))
                : dest.equals("gw.example.com") ? Optional.of(IpAddress.parse("10.0.0.5")) : Optional.empty();
        Result r = AddressSelector.select(AddressMethod.parse("can-reach=10.57.5.1", false), false, List.of(ETH0, ETH1), lookup);
        found(r, "192.168.50.5/24", "eth1");
        r = AddressSelector.select(AddressMethod.parse("can-reach=gw.example.com", false), false, List.of(ETH0, ETH1), lookup);
        found(r, "10.0.0.5/24", "eth0");
        r = AddressSelector.select(AddressMethod.parse("can-reach=10.99.0.1", false), false, List.of(ETH0, ETH1), lookup);
        assertThat(notFound(r)).contains("no IPv4 route to 10.99.0.1");
    }

    @Test
    void canReachRefusesAVipSource() {
        NetInterface eth0 = NetInterface.of("eth0", 2, "", "10.0.0.100/32", "10.0.0.5/24");
        Result r = AddressSelector.select(AddressMethod.parse("can-reach=10.0.0.1", false), false, List.of(eth0),
                (d, f) -> Optional.of(IpAddress.parse("10.0.0.100")));
        assertThat(notFound(r)).contains("10.0.0.100/32 on eth0").contains("VIP");
        r = AddressSelector.select(AddressMethod.parse("can-reach=10.0.0.1", false), false, List.of(eth0),
                (d, f) -> Optional.of(IpAddress.parse("10.0.0.77")));
        assertThat(notFound(r)).contains("10.0.0.77 is on no local interface");
    }

    @Test
    void aFixedAddressIsTakenAsGivenAndABareOneLearnsItsLengthFromItsInterface() {
        found(v4("10.0.0.5/16", List.of(ETH0)), "10.0.0.5/16", "eth0");
        found(v4("10.0.0.5", List.of(ETH0)), "10.0.0.5/24", "eth0");
        found(v4("10.7.7.7", List.of(ETH0)), "10.7.7.7/32", null);
        found(v6("fd00::5", List.of(ETH0)), "fd00::5/64", "eth0");
        // A fixed host-length address is the user's explicit choice (a node whose only address is a /32).
        found(v4("10.0.0.100/32", List.of(ETH0)), "10.0.0.100/32", null);
    }

    @Test
    void noneSelectsNothing() {
        assertThat(v6("none", List.of(ETH0))).isInstanceOf(Result.Disabled.class);
    }

    @Test
    void parseRejectsWhatCalicoWouldNotAccept() {
        assertThatThrownBy(() -> AddressMethod.parse("frist-found", false)).hasMessageContaining("neither an address nor a known method");
        assertThatThrownBy(() -> AddressMethod.parse("interface=", false)).hasMessageContaining("needs at least one regular expression");
        assertThatThrownBy(() -> AddressMethod.parse("interface=eth[", false)).hasMessageContaining("bad regular expression 'eth['");
        assertThatThrownBy(() -> AddressMethod.parse("cidr=10.0.0.0/33", false)).hasMessageContaining("cidr=10.0.0.0/33");
        assertThatThrownBy(() -> AddressMethod.parse("cidr=fd00::/8", false)).hasMessageContaining("is not an IPv4 CIDR");
        assertThatThrownBy(() -> AddressMethod.parse("can-reach=", false)).hasMessageContaining("needs an address or a host name");
        assertThatThrownBy(() -> AddressMethod.parse("can-reach=fd00::1", false)).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> AddressMethod.parse("can-reach=bad_name!", false)).hasMessageContaining("neither an address nor a host name");
        assertThatThrownBy(() -> AddressMethod.parse("kubernetes-internal-ip", false)).hasMessageContaining("expected first-found");
        assertThatThrownBy(() -> AddressMethod.parse("magic=1", false)).hasMessageContaining("is not a known method");
        assertThatThrownBy(() -> AddressMethod.parse("fd00::5/64", false)).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> AddressMethod.parse("127.0.0.1/8", false)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> AddressMethod.parse("10.0.0.5/40", false)).hasMessageContaining("10.0.0.5/40");
        assertThatThrownBy(() -> AddressMethod.parse("", true)).hasMessageContaining("is empty");
    }

    @Test
    void methodsPrintAsWritten() {
        for (String m : List.of("first-found", "interface=eth0,bond.*", "skip-interface=eth1", "can-reach=8.8.8.8",
                "cidr=10.0.0.0/8,192.168.0.0/16", "10.0.0.5/24", "10.0.0.5", "none")) {
            assertThat(AddressMethod.parse(m, false)).hasToString(m);
        }
    }
}
