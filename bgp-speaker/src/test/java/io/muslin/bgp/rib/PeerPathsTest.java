package io.muslin.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.PeerPolicy;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerPathsTest {
    static final RibPeer PEER = new RibPeer(1, "p", IpAddress.parse("10.0.0.1"), RibPeer.Kind.EXTERNAL, 65001, PeerPolicy.DEFAULT);

    static AttrSet set(long med) {
        return AttrSet.of(List.of(PathAttribute.Origin.IGP, new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
                new PathAttribute.MultiExitDisc(med)), List.of(IpAddress.parse("10.0.0.1")));
    }

    /** Random adds, lookups and removals against java.util.HashMap as the model, through growth and shrinking. */
    @Test
    void findsWhatTheModelHoldsThroughGrowthAndShrinking() {
        PeerPaths table = new PeerPaths();
        Map<AttrSet, Path> model = new HashMap<>();
        Random random = new Random(12);
        for (int round = 0; round < 40_000; round++) {
            // Few distinct keys at first, many later, then few again: the table grows and shrinks.
            int range = round < 10_000 ? 50 : round < 30_000 ? 5_000 : 20;
            AttrSet key = set(random.nextInt(range));
            Path there = model.get(key);
            assertThat(table.get(key)).isSameAs(there);
            if (there == null) {
                Path p = new Path(PEER, key, 0);
                table.add(p);
                model.put(key, p);
            } else if (random.nextBoolean()) {
                table.remove(there);
                model.remove(key);
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (int med = 0; med < 5_000; med++) {
            assertThat(table.get(set(med))).isSameAs(model.get(set(med)));
        }
    }

    @Test
    void removesOnlyThatVeryPath() {
        PeerPaths table = new PeerPaths();
        Path current = new Path(PEER, set(1), 1);
        table.add(current);
        table.remove(new Path(PEER, set(1), 0));
        assertThat(table.get(set(1))).isSameAs(current);
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new Path(PEER, set(100 + i), 1));
            table.add(many.getLast());
        }
        many.forEach(table::remove);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get(set(1))).isSameAs(current);
    }
}
