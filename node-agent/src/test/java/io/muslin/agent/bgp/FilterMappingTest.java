package io.muslin.agent.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.settings.FilterRule;
import io.muslin.datastore.model.BGPFilter;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterMappingTest {
    static final BGPFilter TOR = new BGPFilter(ObjectMeta.named("tor-filter"), new BGPFilter.Spec(
            List.of(new BGPFilter.Rule("10.244.0.0/16", "In", "Accept", null, null),
                    new BGPFilter.Rule(null, null, "Reject", null, null)),
            List.of(new BGPFilter.Rule("10.0.0.0/8", "NotIn", "Reject", null, null),
                    new BGPFilter.Rule(null, null, "Accept", "RemotePeers", null)),
            List.of(new BGPFilter.Rule("fd00::/48", "Equal", "Accept", null, null)),
            null));

    @Test
    void theFamilysRulesInOrderAndWhatCannotBeSaidIsNamed() {
        List<String> warnings = new ArrayList<>();
        FilterMapping v4 = FilterMapping.of(List.of("tor-filter", "missing"), false, Map.of("tor-filter", TOR), "Global_10_1_0_1",
                warnings);
        assertThat(v4.exports()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("tor-filter");
            assertThat(f.rules()).extracting(FilterRule::action).containsExactly(FilterRule.Action.ACCEPT, FilterRule.Action.REJECT);
            assertThat(f.rules().getFirst().cidr()).isEqualTo(IpPrefix.parse("10.244.0.0/16"));
            assertThat(f.rules().getFirst().operator()).isEqualTo(FilterRule.MatchOperator.IN);
        });
        assertThat(v4.imports()).singleElement().satisfies(f -> {
            assertThat(f.rules()).as("the RemotePeers rule is left out").hasSize(1);
            assertThat(f.rules().getFirst().operator()).isEqualTo(FilterRule.MatchOperator.NOT_IN);
        });
        assertThat(warnings).containsExactly(
                "BGPFilter tor-filter spec.importV4[1]: source and interface matches are not supported; rule left out",
                "Global_10_1_0_1: BGPFilter missing does not exist; left out");

        FilterMapping v6 = FilterMapping.of(List.of("tor-filter"), true, Map.of("tor-filter", TOR), "Global_fd00__1", warnings);
        assertThat(v6.exports().getFirst().rules()).extracting(FilterRule::operator).containsExactly(FilterRule.MatchOperator.EQUAL);
        assertThat(v6.imports().getFirst().rules()).as("no importV6 rules").isEmpty();
        assertThat(FilterMapping.of(List.of(), false, Map.of(), "p", warnings)).isSameAs(FilterMapping.NONE);
    }
}
