package io.muslin.routing.reconcile;

import io.muslin.net.InterfaceAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.wire.Errno;
import io.muslin.routing.Plan;
import io.muslin.routing.reconcile.TunnelStatus.State;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings {@code tunl0} and the vxlan device to what the pools want: present, up, MTU from the
 * uplink, the tunnel's /32, the vxlan VNI/port/local/learning-off and MAC. When the kernel has
 * no ipip support (RTM_NEWLINK kind ipip → EOPNOTSUPP) it says so in the status and in the
 * errors; routes that need {@code tunl0} are then not installed — no silent fallback. A vxlan
 * device no pool wants any more is deleted. While stale state must be kept (a restart, the
 * Loc-RIB not complete yet) nothing is torn down: no device deleted or re-created, no address
 * removed; what is missing is still added.
 */
final class TunnelDevices {
    private final Netlink kernel;

    TunnelDevices(Netlink kernel) {
        this.kernel = kernel;
    }

    TunnelStatus ensure(Plan.IpipDevice wantIpip, Plan.VxlanDevice wantVxlan, String vxlanName, Map<String, Link> links,
                        List<Addr> addrs, boolean keepStale, List<RouteError> errors, int[] writes) {
        State ipip = State.NOT_NEEDED;
        String ipipDetail = "";
        if (wantIpip != null) {
            try {
                ensureIpip(wantIpip, links, addrs, keepStale, writes);
                ipip = State.READY;
                ipipDetail = wantIpip.name() + " mtu " + wantIpip.mtu();
            } catch (NetlinkException e) {
                if (e.errno() == Errno.EOPNOTSUPP) {
                    ipip = State.UNSUPPORTED;
                    ipipDetail = "this kernel has no ipip support (RTM_NEWLINK kind ipip: EOPNOTSUPP); "
                            + "routes that need " + wantIpip.name() + " are not installed";
                } else {
                    ipip = State.FAILED;
                    ipipDetail = e.getMessage();
                }
                errors.add(new RouteError(wantIpip.name(), "ensure ipip device", ipipDetail));
            }
        }
        State vxlan = State.NOT_NEEDED;
        String vxlanDetail = "";
        if (wantVxlan != null) {
            try {
                ensureVxlan(wantVxlan, links, keepStale, writes);
                vxlan = State.READY;
                vxlanDetail = wantVxlan.name() + " vni " + wantVxlan.vni() + " mtu " + wantVxlan.mtu();
            } catch (NetlinkException e) {
                vxlan = e.errno() == Errno.EOPNOTSUPP ? State.UNSUPPORTED : State.FAILED;
                vxlanDetail = e.getMessage();
                errors.add(new RouteError(wantVxlan.name(), "ensure vxlan device", vxlanDetail));
            }
        } else if (links.containsKey(vxlanName) && !keepStale) {
            Link unwanted = links.get(vxlanName);
            try {
                writes[0]++;
                kernel.linkDel(unwanted.index()); // no pool uses vxlan any more
                vxlanDetail = vxlanName + " deleted: no pool uses vxlan";
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENODEV) {
                    vxlan = State.FAILED;
                    vxlanDetail = e.getMessage();
                    errors.add(new RouteError(vxlanName, "delete unwanted vxlan device", vxlanDetail));
                }
            }
        }
        return new TunnelStatus(ipip, ipipDetail, vxlan, vxlanDetail);
    }

    private void ensureIpip(Plan.IpipDevice want, Map<String, Link> links, List<Addr> addrs, boolean keepStale, int[] writes) {
        Link l = links.get(want.name());
        if (l == null) {
            writes[0]++;
            // Creating any ipip link loads the module, whose fallback device is tunl0 itself.
            try {
                kernel.linkAdd(new LinkSpec.Ipip(want.name(), null));
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EEXIST) {
                    throw e;
                }
            }
            l = kernel.linkByName(want.name()).orElseThrow(
                    () -> new NetlinkException("link " + want.name() + " missing after creation", Errno.ENODEV, null));
            addrs = List.of();
        } else if (l.kind() != null && !l.kind().equals("ipip")) {
            throw new NetlinkException(want.name() + " exists but is a " + l.kind() + " device", Errno.EEXIST, null);
        }
        if (l.mtu() != want.mtu()) {
            writes[0]++;
            kernel.linkSetMtu(l.index(), want.mtu());
        }
        int idx = l.index();
        boolean hasAddr = false;
        for (Addr a : addrs) {
            if (a.ifIndex() != idx) {
                continue;
            }
            if (want.address() != null && a.address().equals(new InterfaceAddress(want.address(), want.address().bitLength()))) {
                hasAddr = true;
            } else if (!keepStale) {
                writes[0]++;
                kernel.addrDel(a);
            }
        }
        if (want.address() != null && !hasAddr) {
            writes[0]++;
            kernel.addrAdd(Addr.of(idx, new InterfaceAddress(want.address(), want.address().bitLength())));
        }
        if (!l.up()) {
            writes[0]++;
            kernel.linkSetUp(idx, true);
        }
    }

    private void ensureVxlan(Plan.VxlanDevice want, Map<String, Link> links, boolean keepStale, int[] writes) {
        Link l = links.get(want.name());
        LinkSpec.Vxlan spec = new LinkSpec.Vxlan(want.name(), want.vni(), want.local(), want.port(), false, 0, null);
        if (l != null && !(Objects.equals(l.kind(), "vxlan") && spec.equals(l.info()))) {
            if (keepStale) {
                throw new NetlinkException(want.name() + " has other settings (" + l.info() + ") than wanted (" + spec
                        + "); re-created once the Loc-RIB is complete", Errno.EEXIST, null);
            }
            writes[0]++;
            kernel.linkDel(l.index()); // wrong VNI/port/local/learning: these cannot be changed in place
            l = null;
        }
        if (l == null) {
            writes[0]++;
            kernel.linkAdd(new LinkSpec.Vxlan(want.name(), want.vni(), want.local(), want.port(), false, want.mtu(), want.mac()));
            l = kernel.linkByName(want.name()).orElseThrow(
                    () -> new NetlinkException("link " + want.name() + " missing after creation", Errno.ENODEV, null));
        }
        if (l.mtu() != want.mtu()) {
            writes[0]++;
            kernel.linkSetMtu(l.index(), want.mtu());
        }
        if (!want.mac().equals(l.address())) {
            writes[0]++;
            kernel.linkSetAddress(l.index(), want.mac());
        }
        if (!l.up()) {
            writes[0]++;
            kernel.linkSetUp(l.index(), true);
        }
    }
}
