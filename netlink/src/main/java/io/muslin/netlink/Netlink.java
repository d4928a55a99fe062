package io.muslin.netlink;

import io.muslin.net.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * rtnetlink, one method per iproute2 verb. One handle talks to one network namespace.
 * Every method throws {@link NetlinkException} naming the object and the errno when the
 * kernel refuses. Implementations: {@code io.muslin.netlink.linux.LinuxNetlink}.
 */
public interface Netlink extends AutoCloseable {

    /** {@code ip route add} (fails with EEXIST when the route is there). */
    default void routeAdd(Route r) {
        apply(new Batch().routeAdd(r)).throwIfFailed();
    }

    /** {@code ip route replace}. */
    default void routeReplace(Route r) {
        apply(new Batch().routeReplace(r)).throwIfFailed();
    }

    /** {@code ip route del}. */
    default void routeDel(Route r) {
        apply(new Batch().routeDel(r)).throwIfFailed();
    }

    /** Every route of {@code family} (AF_INET, AF_INET6, 0 for both) in every table; retried if interrupted. */
    List<Route> routeList(int family);

    /**
     * {@code ip route get DST}: what the kernel would do with a packet to {@code dst} from this
     * host. The answer is a route to {@code dst}/32 (or /128) with the output device
     * ({@link Route#oif()}), the gateway if any, and the source address the kernel would pick
     * ({@link Route#prefSrc()}). Throws {@link NetlinkException} with ENETUNREACH (or
     * EHOSTUNREACH, EINVAL) when nothing routes there.
     */
    Route routeGet(IpAddress dst);

    /** Sends all requests, many per system call; never throws for per-request errors. */
    BatchResult apply(Batch batch);

    /** Every link with its kind, flags, operational state, carrier and master. */
    List<Link> linkList();

    Optional<Link> linkByName(String name);

    /** {@code ip link add}. */
    void linkAdd(LinkSpec spec);

    /** {@code ip link del}. */
    void linkDel(int index);

    /** {@code ip link set IF up|down}. */
    void linkSetUp(int index, boolean up);

    /** {@code ip link set IF mtu N}. */
    void linkSetMtu(int index, int mtu);

    /** {@code ip link set IF address MAC}. */
    void linkSetAddress(int index, MacAddress mac);

    /** {@code ip link set IF netns NAME} for a namespace under {@code /var/run/netns}. */
    void linkSetNetns(int index, String namespace);

    /** Every address of {@code family} (AF_INET, AF_INET6, 0 for both) on every interface, with scope, flags and label. */
    List<Addr> addrList(int family);

    default void addrAdd(Addr a) {
        apply(new Batch().addrAdd(a)).throwIfFailed();
    }

    default void addrDel(Addr a) {
        apply(new Batch().addrDel(a)).throwIfFailed();
    }

    /** ARP/NDP entries of {@code family}, or FDB entries with {@code Neigh.AF_BRIDGE}. */
    List<Neigh> neighList(int family);

    default void neighReplace(Neigh n) {
        apply(new Batch().neighReplace(n)).throwIfFailed();
    }

    default void neighDel(Neigh n) {
        apply(new Batch().neighDel(n)).throwIfFailed();
    }

    @Override
    void close();
}
