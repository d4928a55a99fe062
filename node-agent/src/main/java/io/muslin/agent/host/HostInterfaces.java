package io.muslin.agent.host;

import io.muslin.agent.address.AddressSelector;
import io.muslin.agent.address.NetInterface;
import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads this network namespace's interfaces from netlink into the records address autodetection
 * works on ({@code ip -d addr}): kind, up, carrier, every usable address with its prefix length
 * and scope. Addresses whose duplicate-address detection failed or is still running are left out
 * (the kernel does not use them either).
 */
public final class HostInterfaces {
    private HostInterfaces() {
    }

    public static List<NetInterface> read(Netlink netlink) {
        Map<Integer, List<NetInterface.Address>> byLink = new HashMap<>();
        List<Addr> addrs = new ArrayList<>(netlink.addrList(IpAddress.AF_INET));
        addrs.addAll(netlink.addrList(IpAddress.AF_INET6));
        for (Addr a : addrs) {
            if ((a.flags() & (Addr.IFA_F_DADFAILED | Addr.IFA_F_TENTATIVE)) != 0) {
                continue;
            }
            byLink.computeIfAbsent(a.ifIndex(), k -> new ArrayList<>()).add(new NetInterface.Address(a.address(), scope(a.scope())));
        }
        List<NetInterface> out = new ArrayList<>();
        for (Link l : netlink.linkList()) {
            out.add(new NetInterface(l.name(), l.index(), l.kind(), l.up(), l.carrier(), byLink.getOrDefault(l.index(), List.of())));
        }
        return out;
    }

    /** {@code ip route get} for {@code can-reach=}: the source address the kernel picks; a name is resolved first. */
    public static AddressSelector.SourceLookup sourceLookup(Netlink netlink) {
        return (destination, v6) -> {
            IpAddress dst;
            try {
                dst = IpAddress.parse(destination);
            } catch (IllegalArgumentException notAnAddress) {
                try {
                    dst = resolve(destination, v6);
                } catch (UnknownHostException e) {
                    return Optional.empty();
                }
                if (dst == null) {
                    return Optional.empty();
                }
            }
            try {
                Route r = netlink.routeGet(dst);
                return Optional.ofNullable(r.prefSrc());
            } catch (NetlinkException e) {
                return Optional.empty();
            }
        };
    }

    private static IpAddress resolve(String name, boolean v6) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(name)) {
            IpAddress ip = IpAddress.of(a);
            if (ip.v6() == v6) {
                return ip;
            }
        }
        return null;
    }

    static NetInterface.Scope scope(int rtScope) {
        return switch (rtScope) {
            case Rt.SCOPE_UNIVERSE -> NetInterface.Scope.UNIVERSE;
            case Rt.SCOPE_SITE -> NetInterface.Scope.SITE;
            case Rt.SCOPE_LINK -> NetInterface.Scope.LINK;
            case Rt.SCOPE_HOST -> NetInterface.Scope.HOST;
            default -> NetInterface.Scope.NOWHERE;
        };
    }
}
