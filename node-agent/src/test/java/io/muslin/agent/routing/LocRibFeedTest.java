package io.muslin.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.rib.BestRoute;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.routing.LearnedRoute;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LocRibFeedTest {
    static BestRoute best(boolean local, String... hops) {
        return new BestRoute(java.util.Arrays.stream(hops).map(IpAddress::parse).toList(), local,
                local ? null : IpAddress.parse(hops[0]), 1, List.of(), 100, OptionalLong.empty(), false, 1, "only path");
    }

    @Test
    void learnedRoutesKeepTheirNextHopsAndOurOwnOrGoneOnesAreWithdrawals() {
        IpPrefix p = IpPrefix.parse("10.244.3.0/26");
        assertThat(LocRibFeed.toLearned(new RouteChange(p, best(false, "10.0.1.7", "10.0.1.8"))))
                .isEqualTo(new LearnedRoute(p, List.of(IpAddress.parse("10.0.1.7"), IpAddress.parse("10.0.1.8"))));
        assertThat(LocRibFeed.toLearned(new RouteChange(p, null))).isEqualTo(LearnedRoute.withdrawn(p));
        assertThat(LocRibFeed.toLearned(new RouteChange(p, best(true, "10.0.1.5"))))
                .as("our own block is the programmer's blackhole, not a learned route").isEqualTo(LearnedRoute.withdrawn(p));
    }
}
