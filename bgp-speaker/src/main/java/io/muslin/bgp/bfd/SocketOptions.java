package io.muslin.bgp.bfd;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The socket options BFD needs that Netty has no names for: TTL 255 on send (RFC 5881 §5), and a
 * classic BPF filter on the single-hop receive sockets that lets through only packets that arrived
 * with TTL / hop limit 255. The kernel's IP_MINTTL is enforced for TCP only, so a socket filter
 * does the check; it runs in the kernel before the packet is queued.
 */
final class SocketOptions {
    private static final int SOL_SOCKET = 1;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;
    private static final int SO_ATTACH_FILTER = 26;
    static final ChannelOption<Integer> IP_TTL = new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, 2);
    static final ChannelOption<Integer> IPV6_UNICAST_HOPS = new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, 16);
    static final ChannelOption<Integer> IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", IPPROTO_IPV6, 26);
    /** SO_RCVBUF beyond net.core.rmem_max, for a process with CAP_NET_ADMIN (the agent runs as root). */
    static final ChannelOption<Integer> SO_RCVBUFFORCE = new IntegerUnixChannelOption("SO_RCVBUFFORCE", SOL_SOCKET, 33);
    /** struct sock_fprog on x86_64 and aarch64: a 16-bit length, padding, a pointer. */
    static final RawUnixChannelOption ATTACH_FILTER = new RawUnixChannelOption("SO_ATTACH_FILTER", SOL_SOCKET,
            SO_ATTACH_FILTER, 16);

    /** Classic BPF: the network header is at SKF_NET_OFF; TTL at 8 (IPv4), hop limit at 7 (IPv6). */
    private static final int SKF_NET_OFF = -0x100000;
    private static final int[][] TTL_255_ONLY = {
            {0x30, 0, 0, SKF_NET_OFF},       // ldb [net + 0]
            {0x74, 0, 0, 4},                 // rsh #4: the IP version
            {0x15, 0, 2, 4},                 // jeq #4 ? next : +2
            {0x30, 0, 0, SKF_NET_OFF + 8},   // ldb [net + 8]: IPv4 TTL
            {0x05, 0, 0, 1},                 // ja +1
            {0x30, 0, 0, SKF_NET_OFF + 7},   // ldb [net + 7]: IPv6 hop limit
            {0x15, 0, 1, 255},               // jeq #255 ? accept : drop
            {0x06, 0, 0, -1},                // ret whole packet
            {0x06, 0, 0, 0},                 // ret 0: drop
    };
    /** The instructions live for the whole run; the kernel copies them when the filter is attached. */
    private static final MemorySegment PROGRAM = program();

    private SocketOptions() {
    }

    private static MemorySegment program() {
        MemorySegment m = Arena.global().allocate(8L * TTL_255_ONLY.length, 8);
        ByteBuffer b = m.asByteBuffer().order(ByteOrder.nativeOrder());
        for (int[] i : TTL_255_ONLY) {
            b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        }
        return m;
    }

    /** The value of {@link #ATTACH_FILTER}: a sock_fprog pointing at the program. */
    static ByteBuffer ttl255Filter() {
        ByteBuffer f = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        f.putShort((short) TTL_255_ONLY.length);
        f.position(8);
        f.putLong(PROGRAM.address());
        f.flip();
        f.limit(16);
        return f;
    }
}
