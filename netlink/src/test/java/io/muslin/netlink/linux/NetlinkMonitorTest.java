package io.muslin.netlink.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.netlink.Addr;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.NetlinkEvent;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.testing.Netns;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NetlinkMonitorTest {

    @Test
    void seesLinkAddressAndRouteChangesInItsNamespace() throws Exception {
        try (Netns ns = Scratch.namespace();
             LinuxNetlink nl = LinuxNetlink.openIn(ns.name())) {
            BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
            try (NetlinkMonitor mon = NetlinkMonitor.startIn(ns.name(), events::add)) {
                nl.linkAdd(new LinkSpec.Veth("veth0", "veth1"));
                int idx = nl.linkByName("veth0").orElseThrow().index();
                nl.linkSetUp(idx, true);
                nl.addrAdd(Addr.of(idx, "10.0.0.1/24"));
                nl.routeAdd(Route.to("10.1.0.0/24").via("10.0.0.2").dev(idx).protocol(77).build());
                nl.linkSetUp(idx, false);
                await(events, e -> e instanceof NetlinkEvent.LinkChanged l && l.link().name().equals("veth0") && l.link().up());
                await(events, e -> e instanceof NetlinkEvent.AddrChanged a && !a.deleted() && a.addr().ifIndex() == idx);
                await(events, e -> e instanceof NetlinkEvent.RouteChanged r && r.route().protocol() == 77 && !r.deleted());
                await(events, e -> e instanceof NetlinkEvent.LinkChanged l && l.link().name().equals("veth0") && !l.link().up());
            }
        }
    }

    @Test
    void anOwnersMonitorSeesLinksAddressesAndOthersDeletionsOfItsRoutesOnly() throws Exception {
        try (Netns ns = Scratch.namespace();
             LinuxNetlink nl = LinuxNetlink.openIn(ns.name())) {
            BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
            nl.linkAdd(new LinkSpec.Veth("veth0", "veth1"));
            int idx = nl.linkByName("veth0").orElseThrow().index();
            nl.linkSetUp(idx, true);
            nl.addrAdd(Addr.of(idx, "10.0.0.1/24"));
            List<NetlinkEvent> seen = new CopyOnWriteArrayList<>();
            try (NetlinkMonitor mon = NetlinkMonitor.startForOwner(ns.name(), 77, nl.portId(), e -> {
                seen.add(e);
                events.add(e);
            })) {
                Route ours = Route.to("10.1.0.0/24").via("10.0.0.2").dev(idx).protocol(77).build();
                Route theirs = Route.to("10.2.0.0/24").via("10.0.0.2").dev(idx).protocol(Rt.PROT_STATIC).build();
                for (int i = 1; i <= 200; i++) {
                    nl.routeReplace(ours.toBuilder().priority(i).build()); // additions: filtered out
                }
                nl.routeAdd(ours);
                nl.routeAdd(theirs);
                nl.routeDel(theirs);
                nl.routeDel(ours); // the owner's own deletion: filtered out
                ns.exec("ip", "route", "del", "10.1.0.0/24", "metric", "7"); // someone else's: delivered
                nl.addrAdd(Addr.of(idx, "10.0.0.7/24"));
                nl.linkSetUp(idx, false);
                await(events, e -> e instanceof NetlinkEvent.LinkChanged l && l.link().name().equals("veth0") && !l.link().up());
            }
            List<NetlinkEvent> routeEvents = seen.stream().filter(e -> e instanceof NetlinkEvent.RouteChanged).toList();
            assertThat(routeEvents).as("only someone else's deletion of our route; nothing of the 201 additions, the static route or our own deletion")
                    .singleElement().satisfies(e -> {
                        NetlinkEvent.RouteChanged r = (NetlinkEvent.RouteChanged) e;
                        assertThat(r.deleted()).isTrue();
                        assertThat(r.route().dst().toString()).isEqualTo("10.1.0.0/24");
                        assertThat(r.route().priority()).isEqualTo(7);
                        assertThat(r.route().protocol()).isEqualTo(77);
                    });
            // Route additions were dropped in the kernel, so the address event is not behind 201 of them.
            assertThat(seen).anyMatch(e -> e instanceof NetlinkEvent.AddrChanged a && a.addr().ip().toString().equals("10.0.0.7"));
        }
    }

    private static void await(BlockingQueue<NetlinkEvent> q, Predicate<NetlinkEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            NetlinkEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && p.test(e)) {
                return;
            }
        }
        throw new AssertionError("expected event did not arrive");
    }
}
