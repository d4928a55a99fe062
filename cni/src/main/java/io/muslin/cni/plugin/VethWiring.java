package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniError;
import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.netlink.linux.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a pod as Calico does, through rtnetlink: a veth pair made in the pod's namespace
 * ({@code eth0} and the host end), the host end moved to the node's namespace with the MAC
 * {@code ee:ee:ee:ee:ee:ee}, proxy ARP and forwarding on, a {@code /32} (or {@code /128}) route
 * to it; in the pod, the addresses, a default route via {@code 169.254.1.1} onlink and a
 * permanent neighbour entry for that gateway (IPv6: via the host end's link-local address).
 * What an ADD made is removed again when a later step fails.
 */
public final class VethWiring {
    /** The pod's IPv4 gateway: never on the wire, answered by the host end's proxy ARP and the static entry. */
    public static final IpAddress GATEWAY_V4 = IpAddress.parse("169.254.1.1");
    /** The pod's IPv6 gateway: the host end's EUI-64 link-local address for {@link #HOST_MAC}. */
    public static final IpAddress GATEWAY_V6 = IpAddress.parse("fe80::ecee:eeff:feee:eeee");
    public static final MacAddress HOST_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");
    private static final Logger LOG = LoggerFactory.getLogger(VethWiring.class);

    private final String hostNamespace;

    /** @param hostNamespace the node's namespace by name, or null for this process's own */
    public VethWiring(String hostNamespace) {
        this.hostNamespace = hostNamespace;
    }

    private NamespaceName host() {
        return hostNamespace == null ? NamespaceName.ofThisProcess() : NamespaceName.named(hostNamespace);
    }

    private static LinuxNetlink open(NamespaceName ns, boolean ownNamespace) {
        return ownNamespace ? LinuxNetlink.open() : LinuxNetlink.openIn(ns.name());
    }

    /** Creates the pod's interface; returns the pod end's MAC. Leaves nothing behind when it fails. */
    public MacAddress add(PodInterface pod) {
        try (NamespaceName podNs = NamespaceName.of(pod.netns());
             NamespaceName hostNs = host();
             LinuxNetlink podNl = LinuxNetlink.openIn(podNs.name());
             LinuxNetlink hostNl = open(hostNs, hostNamespace == null)) {
            removeStale(pod, podNl, hostNl);
            try {
                return wire(pod, podNl, hostNl, hostNs);
            } catch (RuntimeException e) {
                undo(pod, podNl, hostNl);
                throw e;
            }
        } catch (NetlinkException e) {
            throw new CniError(CniError.DATAPLANE_FAILURE, "cannot wire " + pod.ifname() + " in " + pod.netns(), e.getMessage(), e);
        }
    }

    private MacAddress wire(PodInterface pod, LinuxNetlink podNl, LinuxNetlink hostNl, NamespaceName hostNs) {
        podNl.linkAdd(new LinkSpec.Veth(pod.ifname(), pod.hostIf()));
        int hostEndInPod = podNl.linkByName(pod.hostIf()).orElseThrow().index();
        podNl.linkSetNetns(hostEndInPod, hostNs.name());

        Link h = hostNl.linkByName(pod.hostIf()).orElseThrow(
                () -> new NetlinkException("link " + pod.hostIf() + " did not arrive in the node's namespace", 19, null));
        hostNl.linkSetAddress(h.index(), HOST_MAC);
        hostNl.linkSetMtu(h.index(), pod.mtu());
        boolean v4 = pod.addresses().stream().anyMatch(a -> !a.v6());
        boolean v6 = pod.addresses().stream().anyMatch(InterfaceAddress::v6);
        hostSysctls(pod.hostIf(), v4, v6);
        hostNl.linkSetUp(h.index(), true);

        Link p = podNl.linkByName(pod.ifname()).orElseThrow();
        podNl.linkSetMtu(p.index(), pod.mtu());
        podNl.linkSetUp(p.index(), true);
        for (InterfaceAddress a : pod.addresses()) {
            podNl.addrAdd(new Addr(p.index(), a, Rt.SCOPE_UNIVERSE, Addr.IFA_F_NODAD));
        }
        if (v4) {
            podNl.neighReplace(Neigh.permanent(p.index(), GATEWAY_V4, HOST_MAC));
            podNl.routeReplace(Route.to(IpPrefix.parse("0.0.0.0/0")).via(GATEWAY_V4).dev(p.index()).onlink()
                    .protocol(Rt.PROT_BOOT).build());
        }
        if (v6) {
            podNl.routeReplace(Route.to(IpPrefix.parse("::/0")).via(GATEWAY_V6).dev(p.index()).protocol(Rt.PROT_BOOT).build());
        }
        for (InterfaceAddress a : pod.addresses()) {
            hostNl.routeReplace(hostRoute(a, h.index()));
        }
        return p.address();
    }

    static Route hostRoute(InterfaceAddress a, int hostIndex) {
        return Route.to(IpPrefix.host(a.address())).dev(hostIndex).scope(Rt.SCOPE_LINK).protocol(Rt.PROT_BOOT).build();
    }

    /** A host end or pod interface left by an earlier ADD of the same attachment (a restart, a retried ADD). */
    private void removeStale(PodInterface pod, LinuxNetlink podNl, LinuxNetlink hostNl) {
        Optional<Link> old = hostNl.linkByName(pod.hostIf());
        if (old.isPresent()) {
            LOG.info("removing {} left by an earlier ADD", pod.hostIf());
            hostNl.linkDel(old.get().index());
        }
        Optional<Link> inPod = podNl.linkByName(pod.ifname());
        if (inPod.isPresent()) {
            if (!"veth".equals(inPod.get().kind())) {
                throw new CniError(CniError.DATAPLANE_FAILURE, "the pod already has an interface " + pod.ifname()
                        + " that is not a veth of this plugin", inPod.get().toString());
            }
            LOG.info("removing {} in {} left by an earlier ADD", pod.ifname(), pod.netns());
            podNl.linkDel(inPod.get().index());
        }
    }

    private static void undo(PodInterface pod, LinuxNetlink podNl, LinuxNetlink hostNl) {
        for (LinuxNetlink nl : List.of(hostNl, podNl)) {
            try {
                Optional<Link> l = nl.linkByName(nl == hostNl ? pod.hostIf() : pod.ifname());
                if (l.isPresent() && "veth".equals(l.get().kind())) {
                    nl.linkDel(l.get().index());
                }
            } catch (RuntimeException e) {
                LOG.warn("cleaning up after a failed ADD: {}", e.getMessage());
            }
        }
    }

    /**
     * Removes the pod's interface: the host end (which takes the pod end and the host routes with
     * it), and the pod end if the host end was already gone. Missing pieces are fine.
     */
    public void remove(String hostIf, Optional<String> netns, String ifname) {
        try (NamespaceName hostNs = host(); LinuxNetlink hostNl = open(hostNs, hostNamespace == null)) {
            Optional<Link> h = hostNl.linkByName(hostIf);
            if (h.isPresent()) {
                hostNl.linkDel(h.get().index());
            }
        } catch (NetlinkException e) {
            throw new CniError(CniError.DATAPLANE_FAILURE, "cannot remove " + hostIf, e.getMessage(), e);
        }
        if (netns.isEmpty() || !NamespaceName.exists(netns.get())) {
            return;
        }
        try (NamespaceName podNs = NamespaceName.of(netns.get()); LinuxNetlink podNl = LinuxNetlink.openIn(podNs.name())) {
            Optional<Link> p = podNl.linkByName(ifname);
            if (p.isPresent() && "veth".equals(p.get().kind())) {
                podNl.linkDel(p.get().index());
            }
        } catch (CniError e) {
            if (e.code() != CniError.UNKNOWN_CONTAINER) {
                throw e;
            }
        } catch (NetlinkException e) {
            throw new CniError(CniError.DATAPLANE_FAILURE, "cannot remove " + ifname + " in " + netns.get(), e.getMessage(), e);
        }
    }

    /** CHECK: what ADD made is all there. Throws naming the first thing missing. */
    public void check(PodInterface pod) {
        try (NamespaceName podNs = NamespaceName.of(pod.netns());
             NamespaceName hostNs = host();
             LinuxNetlink podNl = LinuxNetlink.openIn(podNs.name());
             LinuxNetlink hostNl = open(hostNs, hostNamespace == null)) {
            Link p = podNl.linkByName(pod.ifname()).orElseThrow(() -> missing("interface " + pod.ifname() + " in " + pod.netns()));
            if (!"veth".equals(p.kind()) || !p.up()) {
                throw missing("interface " + pod.ifname() + " as an up veth (it is " + p + ")");
            }
            List<InterfaceAddress> have = new ArrayList<>();
            for (Addr a : podNl.addrList(0)) {
                if (a.ifIndex() == p.index()) {
                    have.add(a.address());
                }
            }
            for (InterfaceAddress a : pod.addresses()) {
                if (!have.contains(a)) {
                    throw missing("address " + a + " on " + pod.ifname() + " (it has " + have + ")");
                }
            }
            List<Route> podRoutes = podNl.routeList(0);
            if (pod.addresses().stream().anyMatch(a -> !a.v6()) && podRoutes.stream().noneMatch(r -> r.oif() == p.index()
                    && r.dst().length() == 0 && !r.dst().v6() && GATEWAY_V4.equals(r.gateway()))) {
                throw missing("default route via " + GATEWAY_V4 + " dev " + pod.ifname() + " in the pod");
            }
            Link h = hostNl.linkByName(pod.hostIf()).orElseThrow(() -> missing("host interface " + pod.hostIf()));
            if (!h.up()) {
                throw missing("host interface " + pod.hostIf() + " up");
            }
            List<Route> hostRoutes = hostNl.routeList(0);
            for (InterfaceAddress a : pod.addresses()) {
                if (hostRoutes.stream().noneMatch(r -> r.oif() == h.index() && r.dst().equals(IpPrefix.host(a.address())))) {
                    throw missing("route " + IpPrefix.host(a.address()) + " dev " + pod.hostIf() + " on the node");
                }
            }
        } catch (NetlinkException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read the pod's interface", e.getMessage(), e);
        }
    }

    /** Host ends of this plugin on the node ({@code mus*} veths), for GC. */
    public List<String> hostEnds() {
        try (NamespaceName hostNs = host(); LinuxNetlink hostNl = open(hostNs, hostNamespace == null)) {
            return hostNl.linkList().stream().filter(l -> "veth".equals(l.kind()) && l.name().startsWith(PodInterface.HOST_PREFIX)
                    && l.name().length() == 15).map(Link::name).toList();
        }
    }

    private static CniError missing(String what) {
        return new CniError(CniError.UNKNOWN_CONTAINER, "CHECK failed: missing " + what, "");
    }

    private void hostSysctls(String hostIf, boolean v4, boolean v6) {
        List<String[]> settings = new ArrayList<>();
        if (v4) {
            settings.add(new String[] {"/proc/sys/net/ipv4/conf/" + hostIf + "/proxy_arp", "1"});
            settings.add(new String[] {"/proc/sys/net/ipv4/neigh/" + hostIf + "/proxy_delay", "0"});
            settings.add(new String[] {"/proc/sys/net/ipv4/conf/" + hostIf + "/forwarding", "1"});
        }
        if (v6) {
            settings.add(new String[] {"/proc/sys/net/ipv6/conf/" + hostIf + "/proxy_ndp", "1"});
            settings.add(new String[] {"/proc/sys/net/ipv6/conf/" + hostIf + "/forwarding", "1"});
        }
        Runnable write = () -> {
            for (String[] s : settings) {
                try {
                    Files.writeString(Path.of(s[0]), s[1]);
                } catch (IOException e) {
                    throw new CniError(CniError.IO_FAILURE, "cannot set " + s[0] + " to " + s[1], e.getMessage(), e);
                }
            }
        };
        if (hostNamespace == null) {
            write.run();
        } else {
            Netns.callIn(hostNamespace, () -> {
                write.run();
                return null;
            });
        }
    }
}
