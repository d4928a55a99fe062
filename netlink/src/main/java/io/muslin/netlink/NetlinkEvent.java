package io.muslin.netlink;

/** A change the kernel announced on a multicast group, decoded. */
public sealed interface NetlinkEvent {

    /** RTM_NEWLINK / RTM_DELLINK. */
    record LinkChanged(Link link, boolean deleted) implements NetlinkEvent {
    }

    /** RTM_NEWADDR / RTM_DELADDR. */
    record AddrChanged(Addr addr, boolean deleted) implements NetlinkEvent {
    }

    /** RTM_NEWROUTE / RTM_DELROUTE. */
    record RouteChanged(Route route, boolean deleted) implements NetlinkEvent {
    }

    /** The kernel dropped events (ENOBUFS): whatever the listener caches must be re-read. */
    record Overrun() implements NetlinkEvent {
    }
}
