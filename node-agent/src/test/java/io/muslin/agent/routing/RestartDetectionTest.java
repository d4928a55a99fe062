package io.muslin.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.fake.FakeNetlink;
import org.junit.jupiter.api.Test;

class RestartDetectionTest {
    @Test
    void onlyRoutesWithOurProtocolInOurTableMeanARestart() {
        FakeNetlink kernel = new FakeNetlink();
        int eth0 = kernel.addInterface("eth0", 1500, "10.0.1.5/24");
        kernel.putRoute(Route.to("10.9.0.0/16").protocol(Rt.PROT_STATIC).via("10.0.1.1").dev(eth0).build());
        kernel.putRoute(Route.to("10.8.0.0/16").protocol(Rt.PROT_MUSLIN).table(200).via("10.0.1.1").dev(eth0).build());
        assertThat(RestartDetection.inspect(kernel, Rt.PROT_MUSLIN, Rt.TABLE_MAIN))
                .as("a static route and a route of our protocol in another table").isEqualTo(new RestartDetection(false, 0));

        kernel.putRoute(Route.to("10.244.1.0/26").protocol(Rt.PROT_MUSLIN).via("10.0.1.7").dev(eth0).build());
        kernel.putRoute(Route.to("10.244.9.0/26").protocol(Rt.PROT_MUSLIN).blackhole().build());
        assertThat(RestartDetection.inspect(kernel, Rt.PROT_MUSLIN, Rt.TABLE_MAIN)).isEqualTo(new RestartDetection(true, 2));
    }
}
