package io.muslin.netlink.linux;

import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.wire.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One AF_NETLINK/NETLINK_ROUTE socket: bound, with capped and extended acks, large buffers.
 * Not thread-safe: its owner serialises calls. The socket belongs to the network namespace of
 * the thread that created it, for its whole life.
 */
final class NlSocket implements Transport, AutoCloseable {
    static final int SEND_CAPACITY = 256 * 1024;
    static final int RECV_CAPACITY = 256 * 1024;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = Libc.newState(arena);
    private final MemorySegment sendBuf = arena.allocate(SEND_CAPACITY, 8);
    private final MemorySegment recvBuf = arena.allocate(RECV_CAPACITY, 8);
    private final byte[] recvArray = new byte[RECV_CAPACITY];
    private final int fd;
    private final int portId;
    private volatile boolean closed;

    NlSocket(int groups, int receiveTimeoutMillis) {
        int s = Libc.socket(state, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        if (s < 0) {
            int e = Libc.errno(state);
            arena.close();
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", e, null);
        }
        fd = s;
        try {
            // Large buffers: a batch may draw many error replies, a dump many parts. FORCE needs
            // CAP_NET_ADMIN; without it fall back to the sysctl-capped size.
            if (setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 8 << 20) < 0) {
                setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, 8 << 20);
            }
            if (setInt(Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, 1 << 20) < 0) {
                setInt(Libc.SOL_SOCKET, Libc.SO_SNDBUF, 1 << 20);
            }
            setInt(Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, 1);
            setInt(Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, 1);
            if (receiveTimeoutMillis > 0) {
                MemorySegment tv = arena.allocate(16, 8);
                tv.set(ValueLayout.JAVA_LONG, 0, receiveTimeoutMillis / 1000);
                tv.set(ValueLayout.JAVA_LONG, 8, (receiveTimeoutMillis % 1000) * 1000L);
                Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, tv, 16);
            }
            MemorySegment sa = arena.allocate(12, 4);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            sa.set(ValueLayout.JAVA_INT, 4, 0);
            sa.set(ValueLayout.JAVA_INT, 8, groups);
            if (Libc.bind(state, fd, sa, 12) < 0) {
                throw new NetlinkException("bind(AF_NETLINK, groups " + groups + ")", Libc.errno(state), null);
            }
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 12);
            if (Libc.getsockname(state, fd, sa, len) < 0) {
                throw new NetlinkException("getsockname(AF_NETLINK)", Libc.errno(state), null);
            }
            portId = sa.get(ValueLayout.JAVA_INT, 4);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port id the kernel gave this socket: the {@code nlmsg_pid} of notifications its requests cause. */
    @Override
    public int portId() {
        return portId;
    }

    private int setInt(int level, int name, int value) {
        MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, value);
        return Libc.setsockopt(state, fd, level, name, v, 4);
    }

    /**
     * Attaches a classic BPF program ({@code SO_ATTACH_FILTER}): datagrams it answers 0 for are
     * dropped in the kernel, before they take room in the receive buffer. Each instruction is
     * {@code code | jt << 16 | jf << 24 | k << 32} ({@code struct sock_filter}).
     */
    void attachFilter(long[] program) {
        MemorySegment code = arena.allocate(8L * program.length, 8);
        for (int i = 0; i < program.length; i++) {
            code.set(ValueLayout.JAVA_LONG, 8L * i, program[i]);
        }
        MemorySegment fprog = arena.allocate(16, 8);
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
        fprog.set(ValueLayout.ADDRESS, 8, code);
        if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, fprog, 16) < 0) {
            throw new NetlinkException("setsockopt(SO_ATTACH_FILTER)", Libc.errno(state), null);
        }
    }

    /** Sends {@code buf[0, len)} as one datagram (many netlink messages). */
    @Override
    public void send(byte[] buf, int len) {
        if (len > SEND_CAPACITY) {
            throw new IllegalArgumentException("netlink send of " + len + " bytes exceeds " + SEND_CAPACITY);
        }
        MemorySegment.copy(buf, 0, sendBuf, ValueLayout.JAVA_BYTE, 0, len);
        while (true) {
            long n = Libc.send(state, fd, sendBuf, len, 0);
            if (n >= 0) {
                return;
            }
            int e = Libc.errno(state);
            if (e != Errno.EINTR) {
                throw new NetlinkException("sendmsg(netlink, " + len + " bytes)", e, null);
            }
        }
    }

    /**
     * Receives one datagram into {@link #buffer()}; returns its length, or -1 when the receive
     * timed out (EAGAIN). Throws on other errors (ENOBUFS: the kernel dropped messages for us).
     */
    @Override
    public int receive() {
        while (true) {
            long n = Libc.recv(state, fd, recvBuf, RECV_CAPACITY, Libc.MSG_TRUNC);
            if (n >= 0) {
                if (n > RECV_CAPACITY) {
                    throw new NetlinkException("recvmsg(netlink): datagram of " + n + " bytes truncated", Errno.ENOBUFS, null);
                }
                MemorySegment.copy(recvBuf, ValueLayout.JAVA_BYTE, 0, recvArray, 0, (int) n);
                return (int) n;
            }
            int e = Libc.errno(state);
            if (e == Errno.EINTR) {
                continue;
            }
            if (e == Errno.EAGAIN || (closed && e == 9)) {
                return -1;
            }
            throw new NetlinkException("recvmsg(netlink)", e, null);
        }
    }

    @Override
    public byte[] buffer() {
        return recvArray;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(state, fd);
    }

    /** Frees native memory; call after no thread uses the socket any more. */
    @Override
    public synchronized void release() {
        close();
        if (!released) {
            released = true;
            arena.close();
        }
    }

    private boolean released;
}
