package io.muslin.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.net.IpAddress;
import io.muslin.netlink.Addr;
import io.muslin.netlink.Link;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.MacAddress;
import io.muslin.netlink.Neigh;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Link, address, neighbour and FDB messages against iproute2's bytes (strace captures). */
class LinkAddrNeighGoldenTest {

    private static void assertGolden(String name, Consumer<EncodeArgs> encode) {
        byte[] golden = Golden.load(name);
        NlWriter w = new NlWriter();
        encode.accept(new EncodeArgs(w, Golden.seq(golden)));
        assertThat(HexFormat.of().formatHex(w.toByteArray())).as(name).isEqualTo(HexFormat.of().formatHex(golden));
    }

    record EncodeArgs(NlWriter w, int seq) {
    }

    @Test
    void vxlanWithVniPortLocalNoLearning() {
        LinkSpec.Vxlan spec = new LinkSpec.Vxlan("vxlan.muslin", 4096, IpAddress.parse("10.0.0.1"), 4789, false, 0, null);
        assertGolden("link_vxlan", a -> LinkCodec.encodeNew(a.w(), spec, a.seq()));
        Link decoded = LinkCodec.decode(Golden.message(Golden.load("link_vxlan")));
        assertThat(decoded.kind()).isEqualTo("vxlan");
        assertThat(decoded.info()).isEqualTo(spec);
    }

    @Test
    void ipipTunnelAsIproute2SendsIt() {
        LinkSpec.Ipip spec = new LinkSpec.Ipip("tunl9", IpAddress.parse("10.0.0.1"));
        assertGolden("link_ipip", a -> LinkCodec.encodeNew(a.w(), spec, a.seq()));
        Link decoded = LinkCodec.decode(Golden.message(Golden.load("link_ipip")));
        assertThat(decoded.kind()).isEqualTo("ipip");
        assertThat(decoded.info()).isEqualTo(spec);
    }

    @Test
    void vethPair() {
        assertGolden("link_veth", a -> LinkCodec.encodeNew(a.w(), new LinkSpec.Veth("vethA", "vethB"), a.seq()));
        assertThat(LinkCodec.decode(Golden.message(Golden.load("link_veth"))).name()).isEqualTo("vethA");
    }

    @Test
    void linkChanges() {
        assertGolden("link_up", a -> LinkCodec.encodeSetUp(a.w(), 9, true, a.seq()));
        assertGolden("link_down", a -> LinkCodec.encodeSetUp(a.w(), 9, false, a.seq()));
        assertGolden("link_mtu", a -> LinkCodec.encodeSetMtu(a.w(), 9, 1400, a.seq()));
        assertGolden("link_addr", a -> LinkCodec.encodeSetAddress(a.w(), 9, MacAddress.parse("02:00:0a:00:00:01"), a.seq()));
        assertGolden("link_netns", a -> LinkCodec.encodeSetNetnsFd(a.w(), 8, 4, a.seq()));
        assertGolden("link_del", a -> LinkCodec.encodeDel(a.w(), 9, a.seq()));
    }

    @Test
    void addresses() {
        Addr addr = Addr.of(3, "10.9.0.1/32");
        assertGolden("addr_add", a -> AddrCodec.encode(a.w(), Nl.RTM_NEWADDR, AddrCodec.ADD_FLAGS, addr, a.seq()));
        assertGolden("addr_del", a -> AddrCodec.encode(a.w(), Nl.RTM_DELADDR, AddrCodec.DEL_FLAGS, addr, a.seq()));
        assertThat(AddrCodec.decode(Golden.message(Golden.load("addr_add")))).isEqualTo(addr);
    }

    @Test
    void neighbourAndFdb() {
        Neigh n = Neigh.permanent(3, IpAddress.parse("10.0.0.9"), MacAddress.parse("02:00:0a:00:00:09"));
        assertGolden("neigh_add", a -> NeighCodec.encode(a.w(), Nl.RTM_NEWNEIGH, NeighCodec.REPLACE_FLAGS, n, a.seq()));
        assertThat(NeighCodec.decode(Golden.message(Golden.load("neigh_add")))).isEqualTo(n);
        Neigh f = Neigh.fdb(7, MacAddress.parse("02:00:0a:00:00:09"), IpAddress.parse("10.0.0.9"));
        assertGolden("fdb_add", a -> NeighCodec.encode(a.w(), Nl.RTM_NEWNEIGH, NeighCodec.APPEND_FLAGS, f, a.seq()));
        assertThat(NeighCodec.decode(Golden.message(Golden.load("fdb_add")))).isEqualTo(f);
    }
}
