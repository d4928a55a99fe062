package io.muslin.netlink.linux;

import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.AddrCodec;
import io.muslin.netlink.wire.Errno;
import io.muslin.netlink.wire.LinkCodec;
import io.muslin.netlink.wire.Nl;
import io.muslin.netlink.wire.NlMessage;
import io.muslin.netlink.wire.RouteCodec;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to link, address and route changes (RTMGRP_LINK, RTMGRP_IPV4/IPV6_IFADDR,
 * RTMGRP_IPV4/IPV6_ROUTE) and hands each decoded event to a listener on its own daemon thread.
 * An overrun (ENOBUFS) becomes {@link NetlinkEvent.Overrun}: the listener must resync.
 */
public final class NetlinkMonitor implements AutoCloseable {
    public static final int GROUPS = Nl.RTMGRP_LINK | Nl.RTMGRP_IPV4_IFADDR | Nl.RTMGRP_IPV6_IFADDR
            | Nl.RTMGRP_IPV4_ROUTE | Nl.RTMGRP_IPV6_ROUTE;
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkMonitor.class);
    private static final int POLL_MS = 200;

    private final NlSocket socket;
    private final Consumer<NetlinkEvent> listener;
    private final Thread thread;
    private volatile boolean stopping;

    private NetlinkMonitor(NlSocket socket, Consumer<NetlinkEvent> listener) {
        this.socket = socket;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("netlink-monitor").unstarted(this::run);
        thread.start();
    }

    /** Monitors this process's current network namespace: every link, address and route event. */
    public static NetlinkMonitor start(Consumer<NetlinkEvent> listener) {
        return new NetlinkMonitor(new NlSocket(GROUPS, POLL_MS), listener);
    }

    /** Monitors the named namespace: every link, address and route event. */
    public static NetlinkMonitor startIn(String namespace, Consumer<NetlinkEvent> listener) {
        NlSocket s = Netns.callIn(namespace, () -> new NlSocket(GROUPS, POLL_MS));
        return new NetlinkMonitor(s, listener);
    }

    /**
     * Monitors the named namespace (null: this one) for the owner of the routes of
     * {@code routeProtocol}: links, addresses, and deletions of routes of that protocol made by
     * someone else than the socket {@code writerPortId} (the owner's own handle,
     * {@link LinuxNetlink#portId()}; 0: keep them all). Route additions, other protocols'
     * deletions and the owner's own deletions are dropped in the kernel by a socket filter, so a
     * million routes written or withdrawn by the owner cost the monitor nothing and never overrun it.
     */
    public static NetlinkMonitor startForOwner(String namespace, int routeProtocol, int writerPortId,
                                               Consumer<NetlinkEvent> listener) {
        NlSocket s = namespace == null ? new NlSocket(GROUPS, POLL_MS) : Netns.callIn(namespace, () -> new NlSocket(GROUPS, POLL_MS));
        try {
            s.attachFilter(ownerFilter(routeProtocol, writerPortId));
        } catch (RuntimeException e) {
            s.release();
            throw e;
        }
        return new NetlinkMonitor(s, listener);
    }

    /**
     * Classic BPF over one notification (one message per datagram): drop RTM_NEWROUTE; keep
     * RTM_DELROUTE only when {@code rtm_protocol} (byte 5 of the rtmsg after the 16-byte header) is
     * ours and {@code nlmsg_pid} is not the writer's; keep everything else. The type's low byte is
     * read (host order is little-endian); absolute word loads are big-endian, hence the swap.
     */
    static long[] ownerFilter(int protocol, int writerPortId) {
        final int ldAbsByte = 0x30;
        final int ldAbsWord = 0x20;
        final int jeqK = 0x15;
        final int retK = 0x06;
        return new long[] {
            insn(ldAbsByte, 0, 0, 4),                              // 0: A = nlmsg_type & 0xff
            insn(jeqK, 5, 0, Nl.RTM_NEWROUTE),                     // 1: new route -> 7 (drop)
            insn(jeqK, 0, 5, Nl.RTM_DELROUTE),                     // 2: deleted route -> 3, else -> 8 (keep)
            insn(ldAbsByte, 0, 0, Nl.HDRLEN + 5),                  // 3: A = rtm_protocol
            insn(jeqK, 0, 2, protocol),                            // 4: ours -> 5, else -> 7 (drop)
            insn(ldAbsWord, 0, 0, 12),                             // 5: A = nlmsg_pid, byte-swapped
            insn(jeqK, writerPortId == 0 ? 1 : 0, 1, writerPortId == 0 ? 0 : Integer.reverseBytes(writerPortId)),
                                                                   // 6: the writer's own -> 7 (drop), else -> 8
            insn(retK, 0, 0, 0),                                   // 7: drop
            insn(retK, 0, 0, -1),                                  // 8: keep all of it
        };
    }

    private static long insn(int code, int jt, int jf, int k) {
        return (code & 0xFFFFL) | ((jt & 0xFFL) << 16) | ((jf & 0xFFL) << 24) | ((k & 0xFFFFFFFFL) << 32);
    }

    private void run() {
        while (!stopping) {
            int n;
            try {
                n = socket.receive();
            } catch (NetlinkException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    deliver(new NetlinkEvent.Overrun());
                    continue;
                }
                if (stopping) {
                    return;
                }
                deliver(new NetlinkEvent.Overrun());
                continue;
            }
            if (n < 0) {
                continue;
            }
            NlMessage.parseAll(socket.buffer(), n, this::dispatch);
        }
    }

    private void dispatch(NlMessage m) {
        switch (m.type()) {
            case Nl.RTM_NEWLINK, Nl.RTM_DELLINK -> {
                Link l = LinkCodec.decode(m);
                if (l != null) {
                    deliver(new NetlinkEvent.LinkChanged(l, m.type() == Nl.RTM_DELLINK));
                }
            }
            case Nl.RTM_NEWADDR, Nl.RTM_DELADDR -> {
                Addr a = AddrCodec.decode(m);
                if (a != null) {
                    deliver(new NetlinkEvent.AddrChanged(a, m.type() == Nl.RTM_DELADDR));
                }
            }
            case Nl.RTM_NEWROUTE, Nl.RTM_DELROUTE -> {
                Route r = RouteCodec.decode(m);
                if (r != null) {
                    deliver(new NetlinkEvent.RouteChanged(r, m.type() == Nl.RTM_DELROUTE));
                }
            }
            default -> {
            }
        }
    }

    private void deliver(NetlinkEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            // A listener's bug must not stop the monitor.
            LOG.warn("listener failed on {}", e, ex);
        }
    }

    /** Stops the thread (within one poll interval), then closes the socket. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.release();
    }
}
