package io.muslin.netlink;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel route ({@code rtmsg} plus attributes). Zero means "not set" for {@code oif},
 * {@code mtu} and {@code priority}; {@code gateway} and {@code prefSrc} may be null.
 * {@code nextHops} is empty for a single-path route and holds two or more paths for ECMP.
 */
public record Route(IpPrefix dst, int table, int protocol, int scope, RouteType type, IpAddress gateway,
                    int oif, boolean onlink, List<NextHop> nextHops, int mtu, int priority, IpAddress prefSrc) {

    public Route {
        nextHops = nextHops.isEmpty() ? List.of() : List.copyOf(nextHops);
    }

    public int family() {
        return dst.family();
    }

    /** What the kernel uses to tell routes apart (with tos, always 0 here). */
    public Key key() {
        return new Key(table, dst, priority);
    }

    /** Identity of a route in the kernel FIB. */
    public record Key(int table, IpPrefix dst, int priority) {
        @Override
        public String toString() {
            return dst + (table != Rt.TABLE_MAIN ? " table " + table : "") + (priority != 0 ? " metric " + priority : "");
        }
    }

    public static Builder to(IpPrefix dst) {
        return new Builder(dst);
    }

    /** {@code "10.1.0.0/24"}, or a bare address for its host route, as {@code ip route} accepts. */
    public static Builder to(String dst) {
        return new Builder(IpPrefix.parseOrHost(dst));
    }

    public Builder toBuilder() {
        Builder b = new Builder(dst).table(table).protocol(protocol).scope(scope).type(type).via(gateway).dev(oif)
                .mtu(mtu).priority(priority).src(prefSrc);
        b.onlink = onlink;
        b.nextHops.addAll(nextHops);
        return b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.name().toLowerCase()).append(' ');
        }
        sb.append(dst);
        if (gateway != null) {
            sb.append(" via ").append(gateway);
        }
        if (oif != 0) {
            sb.append(" dev #").append(oif);
        }
        if (table != Rt.TABLE_MAIN) {
            sb.append(" table ").append(table);
        }
        sb.append(" proto ").append(protocol);
        if (scope != Rt.SCOPE_UNIVERSE) {
            sb.append(" scope ").append(scope);
        }
        if (priority != 0) {
            sb.append(" metric ").append(priority);
        }
        if (onlink) {
            sb.append(" onlink");
        }
        if (mtu != 0) {
            sb.append(" mtu ").append(mtu);
        }
        for (NextHop nh : nextHops) {
            sb.append(' ').append(nh);
        }
        return sb.toString();
    }

    /** Builds routes with iproute2's defaults: table main, unicast, scope chosen as {@code ip route} does. */
    public static final class Builder {
        private final IpPrefix dst;
        private int table = Rt.TABLE_MAIN;
        private int protocol = Rt.PROT_BOOT;
        private int scope = -1;
        private RouteType type = RouteType.UNICAST;
        private IpAddress gateway;
        private int oif;
        private boolean onlink;
        private final List<NextHop> nextHops = new ArrayList<>();
        private int mtu;
        private int priority;
        private IpAddress prefSrc;

        private Builder(IpPrefix dst) {
            this.dst = dst;
        }

        public Builder table(int t) {
            table = t;
            return this;
        }

        public Builder protocol(int p) {
            protocol = p;
            return this;
        }

        public Builder scope(int s) {
            scope = s;
            return this;
        }

        public Builder type(RouteType t) {
            type = t;
            return this;
        }

        public Builder blackhole() {
            return type(RouteType.BLACKHOLE);
        }

        public Builder via(IpAddress gw) {
            gateway = gw;
            return this;
        }

        public Builder via(String gw) {
            return via(IpAddress.parse(gw));
        }

        public Builder dev(int ifIndex) {
            oif = ifIndex;
            return this;
        }

        public Builder onlink() {
            onlink = true;
            return this;
        }

        public Builder nextHop(NextHop nh) {
            nextHops.add(nh);
            return this;
        }

        public Builder mtu(int m) {
            mtu = m;
            return this;
        }

        public Builder priority(int p) {
            priority = p;
            return this;
        }

        public Builder src(IpAddress a) {
            prefSrc = a;
            return this;
        }

        public Route build() {
            int s = scope;
            if (s < 0) {
                // iproute2: a unicast route with neither gateway nor nexthops is scope link.
                s = type == RouteType.UNICAST && gateway == null && nextHops.isEmpty() ? Rt.SCOPE_LINK
                        : (type == RouteType.LOCAL || type == RouteType.NAT ? Rt.SCOPE_HOST : Rt.SCOPE_UNIVERSE);
            }
            return new Route(dst, table, protocol, s, type, gateway, oif, onlink, nextHops, mtu, priority, prefSrc);
        }
    }
}
