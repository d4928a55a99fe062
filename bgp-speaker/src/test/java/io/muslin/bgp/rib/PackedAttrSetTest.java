package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedAttrSetTest {
    static final List<IpAddress> HOPS = List.of(IpAddress.parse("10.0.0.1"));

    static AttrSet set(long med, int community) {
        return AttrSet.of(List.of(PathAttribute.Origin.EGP, new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 65002))),
                new PathAttribute.MultiExitDisc(med), new PathAttribute.Communities(List.of(community, PathAttribute.Communities.NO_EXPORT)),
                new PathAttribute.LocalPref(300)), HOPS);
    }

    @Test
    void aPackedSetIsEqualToItsDecodedSelfAndReadsTheSame() {
        AttrSet decoded = set(7, 0x00010002);
        AttrSet packed = decoded.packed();
        assertThat(packed.isPacked()).isTrue();
        assertThat(decoded.isPacked()).isFalse();
        assertThat(packed).isEqualTo(decoded).hasSameHashCodeAs(decoded);
        assertThat(decoded).isEqualTo(packed);
        assertThat(packed).isEqualTo(set(7, 0x00010002).packed());
        assertThat(packed).isNotEqualTo(set(8, 0x00010002).packed()).isNotEqualTo(set(7, 0x00010003));
        assertThat(packed.attributes()).isEqualTo(decoded.attributes());
        assertThat(packed.find(PathAttribute.MultiExitDisc.class)).isEqualTo(new PathAttribute.MultiExitDisc(7));
        assertThat(packed.find(PathAttribute.OriginatorId.class)).isNull();
        assertThat(packed.find(PathAttribute.NextHop.class)).isNull();
        assertThat(packed.asPath().firstAs()).isEqualTo(65001);
        assertThat(packed.localPref()).isEqualTo(300);
        assertThat(packed.noExport).isTrue();
        assertThat(packed.asPathLength).isEqualTo(2);
        assertThat(packed.nextHops()).isEqualTo(HOPS);
    }

    @Test
    void rewritingAPackedSetGivesTheSameAsRewritingTheDecodedOne() {
        AttrSet decoded = set(7, 5);
        AttrSet packed = decoded.packed();
        assertThat(packed.without(PathAttribute.MULTI_EXIT_DISC)).isEqualTo(decoded.without(PathAttribute.MULTI_EXIT_DISC));
        assertThat(packed.prepend(64512)).isEqualTo(decoded.prepend(64512));
        assertThat(packed.with(new PathAttribute.LocalPref(5))).isEqualTo(decoded.with(new PathAttribute.LocalPref(5)));
        List<IpAddress> other = List.of(IpAddress.parse("10.0.0.9"));
        assertThat(packed.withNextHops(other)).isEqualTo(decoded.withNextHops(other));
        assertThat(packed.withNextHops(other).isPacked()).isTrue();
    }

    @Test
    void aSetWithAnAttributeThatDoesNotPackStaysDecoded() {
        AttrSet s = AttrSet.of(List.of(PathAttribute.Origin.IGP, PathAttribute.AsPath.EMPTY,
                new PathAttribute.Unknown(0xC0, 99, new byte[] {1, 2})), HOPS);
        assertThat(s.packed()).isSameAs(s);
    }
}
