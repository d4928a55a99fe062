package io.muslin.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
    @Test
    void calicoSelectorSubset() {
        var labels = Map.of("rack", "r1", "zone", "a");
        assertThat(Selector.parse("all()").matches(labels)).isTrue();
        assertThat(Selector.parse("").matches(labels)).isTrue();
        assertThat(Selector.parse("rack == 'r1' && has(zone)").matches(labels)).isTrue();
        assertThat(Selector.parse("rack in {'r2', 'r3'} || !(zone != 'a')").matches(labels)).isTrue();
        assertThat(Selector.parse("rack not in {'r1'}").matches(labels)).isFalse();
        assertThatThrownBy(() -> Selector.parse("rack = 'r1'")).hasMessageContaining("bad selector");
    }
}
