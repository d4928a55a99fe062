package io.muslin.bgp.rib;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.bgp.wire.Update;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds UPDATEs, fake sessions and listeners around a {@link RibCore}, all synchronous. */
final class RibHarness {
    static final long AS = 64512;
    static final int ROUTER_ID = 0x0A0000FE;

    final RibCore rib;
    final List<RouteChange> seen = new ArrayList<>();
    final List<RouteChange> snapshot = new ArrayList<>();
    boolean snapshotComplete;

    RibHarness(RibConfig config) {
        rib = new RibCore(config);
    }

    RibHarness() {
        this(RibConfig.of(AS, ROUTER_ID));
    }

    void listen() {
        rib.subscribe(new LocRibListener() {
            @Override
            public void snapshot(List<RouteChange> routes, boolean complete) {
                snapshot.clear();
                snapshot.addAll(routes);
                snapshotComplete = complete;
            }

            @Override
            public void changes(List<RouteChange> changes) {
                seen.addAll(changes);
            }
        });
    }

    /** A fake session end: records exportReady calls and resets. */
    static final class Control implements PeerControl {
        int ready;
        final List<Notification> resets = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void exportReady() {
            ready++;
        }

        @Override
        public void reset(Notification n, Duration after) {
            resets.add(n);
            delays.add(after);
        }
    }

    RibPeer peer(String address, long as, PeerPolicy policy) {
        return rib.addPeer(address, IpAddress.parse(address), as, policy);
    }

    /** A peer that advertised graceful restart (not restarting, forwarding state kept for both families). */
    static final Capability.GracefulRestart GR = gr(false, true, true);

    static Capability.GracefulRestart gr(boolean restarting, boolean forwarding4, boolean forwarding6) {
        return new Capability.GracefulRestart(restarting, false, 120, List.of(
                new Capability.GracefulRestartFamily(AfiSafi.IPV4_UNICAST, forwarding4),
                new Capability.GracefulRestartFamily(AfiSafi.IPV6_UNICAST, forwarding6)));
    }

    Control up(RibPeer p, int bgpId, String localV4) {
        return up(p, bgpId, localV4, GR);
    }

    /** @param gr the peer's graceful-restart capability in this session's OPEN, or null for none */
    Control up(RibPeer p, int bgpId, String localV4, Capability.GracefulRestart gr) {
        Control c = new Control();
        Negotiated n = new Negotiated(p.asNumber(), bgpId, 90, List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), true,
                false, true, p.asNumber() != AS, gr, null);
        rib.peerUp(p, n, IpAddress.parse(localV4), IpAddress.parse("fd00::fe"), c);
        return c;
    }

    static List<PathAttribute> attrs(Object... kv) {
        List<PathAttribute> out = new ArrayList<>();
        out.add(PathAttribute.Origin.IGP);
        long[] path = {};
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            switch ((String) kv[i]) {
                case "path" -> path = (long[]) v;
                case "lp" -> out.add(new PathAttribute.LocalPref((Integer) v));
                case "nh" -> out.add(new PathAttribute.NextHop(IpAddress.parse((String) v)));
                case "communities" -> out.add(new PathAttribute.Communities(List.of((Integer[]) v)));
                case "originator" -> out.add(new PathAttribute.OriginatorId((Integer) v));
                case "clusters" -> out.add(new PathAttribute.ClusterList(List.of((Integer[]) v)));
                default -> throw new IllegalArgumentException((String) kv[i]);
            }
        }
        out.add(new PathAttribute.AsPath(path.length == 0 ? List.of() : List.of(AsPathSegment.sequence(path))));
        if (out.stream().noneMatch(a -> a instanceof PathAttribute.NextHop)) {
            out.add(new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
        }
        return out;
    }

    static Update announce(List<PathAttribute> attrs, String... prefixes) {
        return new Update(List.of(), attrs, List.of(prefixes).stream().map(IpPrefix::parse).toList());
    }

    static Update withdraw(String... prefixes) {
        return new Update(List.of(prefixes).stream().map(IpPrefix::parse).toList(), List.of(), List.of());
    }

    static long[] path(long... asns) {
        return asns;
    }

    /** Every UPDATE the RIB has queued for the peer. */
    List<Update> drain(RibPeer p) {
        List<Update> all = new ArrayList<>();
        List<Update> batch;
        while (!(batch = rib.take(p, 100)).isEmpty()) {
            all.addAll(batch);
        }
        return all;
    }

    static List<IpPrefix> announcedIn(List<Update> updates) {
        return updates.stream().flatMap(u -> u.announced().stream()).toList();
    }
}
