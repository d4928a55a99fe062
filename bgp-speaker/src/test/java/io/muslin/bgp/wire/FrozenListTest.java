package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.muslin.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrozenListTest {
    @Test
    void aDecodedUpdateHandsOutListsNobodyCanChange() throws Exception {
        List<IpPrefix> nlri = List.of(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.3.0/24"), IpPrefix.parse("10.9.9.9/32"));
        Update sent = new Update(List.of(IpPrefix.parse("192.0.2.0/24")), List.of(PathAttribute.Origin.IGP,
                PathAttribute.AsPath.sequence(65001), new PathAttribute.NextHop(io.muslin.net.IpAddress.parse("10.0.0.1"))), nlri);
        CodecContext ctx = CodecContext.IBGP_4OCTET;
        ByteBuf wire = MessageEncoder.encode(sent, ctx, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        Update got = (Update) MessageDecoder.decode(wire, ctx).message();

        assertThat(got).isEqualTo(sent);
        assertThat(got.nlri()).isEqualTo(nlri).hasSameHashCodeAs(nlri);
        assertThatThrownBy(() -> got.nlri().add(IpPrefix.parse("10.0.0.0/8"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.withdrawn().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.attributes().set(0, PathAttribute.Origin.EGP)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.nlri().get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void onlyFrozenListsAreTakenWithoutACopy() {
        String[] items = {"a", "b", "c"};
        List<String> frozen = FrozenList.wrap(items, 2);
        assertThat(frozen).containsExactly("a", "b");
        assertThat(FrozenList.copyOf(frozen)).isSameAs(frozen);

        List<String> mine = new ArrayList<>(List.of("x"));
        List<String> copy = FrozenList.copyOf(mine);
        mine.add("y");
        assertThat(copy).containsExactly("x");
    }
}
