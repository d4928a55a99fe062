package io.muslin.datastore.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.datastore.ResourceEvent;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.IPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CacheDiffTest {
    private static Stored<IPPool> pool(String name, long rev) {
        return new Stored<>(IPPool.of(name, "10.0.0.0/16", 26), rev);
    }

    @Test
    void addsModifiesAndDeletesInKeyOrder() {
        TreeMap<String, Stored<IPPool>> held = new TreeMap<>(Map.of("a", pool("a", 3), "b", pool("b", 4), "c", pool("c", 5),
                "x", pool("x", 6)));
        Map<String, Stored<IPPool>> listed = Map.of("a", pool("a", 3), "c", pool("c", 9), "d", pool("d", 8));
        List<ResourceEvent<IPPool>> diff = CacheDiff.between(held, listed, Set.of("x"), 10);
        assertThat(diff).containsExactly(
                new ResourceEvent.Deleted<>("b", Optional.of(pool("b", 4)), 10),
                new ResourceEvent.Modified<>("c", Optional.of(pool("c", 5)), pool("c", 9)),
                new ResourceEvent.Added<>("d", pool("d", 8)));
    }

    @Test
    void nothingChangedIsNothing() {
        TreeMap<String, Stored<IPPool>> held = new TreeMap<>(Map.of("a", pool("a", 3)));
        assertThat(CacheDiff.between(held, Map.of("a", pool("a", 3)), Set.of(), 7)).isEmpty();
        assertThat(CacheDiff.between(new TreeMap<>(), Map.of(), Set.of("junk"), 7)).isEmpty();
    }
}
