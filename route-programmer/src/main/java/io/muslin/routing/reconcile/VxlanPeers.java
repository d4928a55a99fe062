package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Batch;
import io.muslin.netlink.BatchResult;
import io.muslin.netlink.Link;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Request;
import io.muslin.netlink.wire.Errno;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The permanent neighbour ({@code node IP → 02:4d:<node IP>}) and FDB ({@code MAC → node IP})
 * entries on the vxlan device, one pair per peer some route goes through. Every permanent entry
 * on that device is ours. While stale entries must be kept (the Loc-RIB is not complete yet),
 * missing ones are added and none is deleted.
 */
final class VxlanPeers {
    private final Netlink kernel;
    private final List<Neigh> entries = new ArrayList<>();

    VxlanPeers(Netlink kernel) {
        this.kernel = kernel;
    }

    /** What the kernel has on the device (from a dump). */
    void read(List<Neigh> dumped, Link device) {
        entries.clear();
        if (device == null) {
            return;
        }
        for (Neigh x : dumped) {
            if (x.ifIndex() == device.index() && x.dst() != null && x.lladdr() != null
                    && (x.isFdb() || (x.state() & Neigh.NUD_PERMANENT) != 0)) {
                entries.add(x);
            }
        }
    }

    /** Brings the entries to {@code peers} on {@code device} (null: no device); returns the writes. */
    int reconcile(Collection<IpAddress> peers, Link device, boolean keepStale, List<RouteError> errors) {
        List<Neigh> want = new ArrayList<>();
        if (device != null) {
            for (IpAddress p : peers) {
                MacAddress mac = MacAddress.fromIpv4(p);
                want.add(Neigh.permanent(device.index(), p, mac));
                want.add(Neigh.fdb(device.index(), mac, p));
            }
        }
        int currentIndex = device == null ? -1 : device.index();
        entries.removeIf(x -> x.ifIndex() != currentIndex);
        Batch b = new Batch();
        List<Neigh> toDelete = new ArrayList<>();
        if (!keepStale) {
            for (Neigh have : entries) {
                if (want.stream().noneMatch(w -> sameEntry(w, have))) {
                    b.neighDel(have);
                    toDelete.add(have);
                }
            }
        }
        List<Neigh> toAdd = new ArrayList<>();
        for (Neigh w : want) {
            if (entries.stream().noneMatch(h -> sameEntry(w, h))) {
                if (w.isFdb()) {
                    b.fdbAppend(w);
                } else {
                    b.neighReplace(w);
                }
                toAdd.add(w);
            }
        }
        if (b.isEmpty()) {
            return 0;
        }
        BatchResult res = kernel.apply(b);
        Set<Object> failed = new HashSet<>();
        for (NetlinkException e : res.failures()) {
            failed.add(e.request().target());
            if (!(e.request() instanceof Request.NeighDel && e.errno() == Errno.ENOENT)) {
                errors.add(new RouteError(e.request().target().toString(), e.request().verb(), e.errnoName()));
            }
        }
        entries.removeAll(toDelete);
        for (Neigh w : toAdd) {
            if (!failed.contains(w)) {
                entries.add(w);
            }
        }
        return b.size();
    }

    private static boolean sameEntry(Neigh a, Neigh b) {
        return a.isFdb() == b.isFdb() && a.ifIndex() == b.ifIndex() && Objects.equals(a.dst(), b.dst())
                && Objects.equals(a.lladdr(), b.lladdr());
    }
}
