package io.muslin.netlink.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpAddress;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.netlink.wire.Nl;
import io.muslin.netlink.wire.NlBytes;
import io.muslin.netlink.wire.NlWriter;
import io.muslin.netlink.wire.RouteCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** {@link LinuxNetlink}'s protocol logic against a scripted kernel: dump retry on NLM_F_DUMP_INTR. */
class ScriptedKernelTest {

    /** Answers each dump request with the datagrams the script produces for that attempt. */
    static final class Scripted implements Transport {
        final List<IntFunction<List<byte[]>>> attempts = new ArrayList<>();
        final Deque<byte[]> pending = new ArrayDeque<>();
        final byte[] buf = new byte[1 << 16];
        int requests;

        @Override
        public void send(byte[] b, int len) {
            int seq = NlBytes.u32(b, 8);
            pending.addAll(attempts.get(Math.min(requests, attempts.size() - 1)).apply(seq));
            requests++;
        }

        @Override
        public int receive() {
            byte[] d = pending.poll();
            if (d == null) {
                return -1;
            }
            System.arraycopy(d, 0, buf, 0, d.length);
            return d.length;
        }

        @Override
        public byte[] buffer() {
            return buf;
        }

        @Override
        public void release() {
        }
    }

    private static byte[] routes(int seq, int flags, String... dsts) {
        NlWriter w = new NlWriter();
        for (String d : dsts) {
            int start = w.position();
            RouteCodec.encodeNew(w, Route.to(d).via("10.0.0.2").dev(3).protocol(77).build(), 0, seq);
            byte[] a = w.array();
            a[start + 4] = (byte) Nl.RTM_NEWROUTE;
            a[start + 6] = (byte) (Nl.F_MULTI | flags);
        }
        return w.toByteArray();
    }

    private static byte[] done(int seq, int flags) {
        NlWriter w = new NlWriter();
        int m = w.beginMessage(Nl.NLMSG_DONE, Nl.F_MULTI | flags, seq, 0);
        w.u32(0);
        w.endMessage(m);
        return w.toByteArray();
    }

    @Test
    void interruptedDumpIsRetriedAndOnlyTheCleanAttemptCounts() {
        Scripted k = new Scripted();
        k.attempts.add(seq -> List.of(routes(seq, 0, "10.1.0.0/24"), routes(seq, Nl.F_DUMP_INTR, "10.2.0.0/24"),
                done(seq, Nl.F_DUMP_INTR)));
        k.attempts.add(seq -> List.of(routes(seq, 0, "10.1.0.0/24", "10.3.0.0/24"), done(seq, 0)));
        try (LinuxNetlink nl = new LinuxNetlink(k)) {
            List<Route> got = nl.routeList(IpAddress.AF_INET);
            assertThat(got).extracting(r -> r.dst().toString()).containsExactly("10.1.0.0/24", "10.3.0.0/24");
            assertThat(k.requests).isEqualTo(2);
        }
    }

    @Test
    void givesUpWithEintrAfterTenInterruptedDumps() {
        Scripted k = new Scripted();
        k.attempts.add(seq -> List.of(routes(seq, Nl.F_DUMP_INTR, "10.1.0.0/24"), done(seq, Nl.F_DUMP_INTR)));
        try (LinuxNetlink nl = new LinuxNetlink(k)) {
            assertThatThrownBy(() -> nl.routeList(IpAddress.AF_INET))
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("NLM_F_DUMP_INTR").hasMessageContaining("EINTR");
            assertThat(k.requests).isEqualTo(10);
        }
    }
}
