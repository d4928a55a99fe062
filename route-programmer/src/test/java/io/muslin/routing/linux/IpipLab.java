package io.muslin.routing.linux;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Addr;
import io.muslin.netlink.LinkSpec;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.netlink.linux.Netns;
import io.muslin.routing.EncapMode;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.Pool;
import io.muslin.routing.reconcile.Clock;
import io.muslin.routing.reconcile.ReconcileReport;
import io.muslin.routing.reconcile.RouteReconciler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ipip CrossSubnet scenario, for a kernel that has ipip (under QEMU here): node1 10.57.4.20
 * and node3 10.57.5.21 on two subnets joined by a router namespace, a pod behind each; the route
 * programmer on each node with pool ipipMode CrossSubnet; a ping from pod1 to pod3 while tcpdump
 * on the router captures the outer header. Built with Muslin's own netlink (forking {@code ip} costs
 * ~0.4 s in an emulated guest): only {@code ip netns add}, {@code ping} and {@code tcpdump} are forked.
 * Prints {@code MUSLIN-IPIP <key> <value>} lines for the host-side test to check.
 */
public final class IpipLab {
    private final String p;

    IpipLab(String prefix) {
        this.p = prefix;
    }

    private final StringBuilder out = new StringBuilder();

    private void say(String line) {
        out.append("MUSLIN-IPIP ").append(line).append('\n');
        System.out.println("MUSLIN-IPIP " + line);
    }

    public static void main(String[] args) {
        new IpipLab(args.length > 0 ? args[0] : "mrp-q-").runAndReport();
    }

    /** Runs the scenario, always removes its namespaces, and returns the MUSLIN-IPIP lines. */
    String runAndReport() {
        try {
            run();
        } catch (Throwable t) {
            say("error " + t);
            t.printStackTrace(System.out);
        } finally {
            cleanup();
        }
        say("done");
        return out.toString();
    }

    private static void sysctl(String ns, String key, String value) {
        Netns.callIn(ns, () -> {
            try {
                Files.writeString(Path.of("/proc/sys/" + key.replace('.', '/')), value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    static String exec(String... cmd) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor(120, TimeUnit.SECONDS);
        return "exit=" + pr.exitValue() + "\n" + out;
    }

    void run() throws Exception {
        String r = p + "r";
        String n1 = p + "n1";
        String n3 = p + "n3";
        String p1 = p + "p1";
        String p3 = p + "p3";
        Process mk = new ProcessBuilder("ip", "-batch", "-").redirectErrorStream(true).start();
        mk.getOutputStream().write(("netns add " + r + "\nnetns add " + n1 + "\nnetns add " + n3 + "\nnetns add " + p1
                + "\nnetns add " + p3 + "\n").getBytes(StandardCharsets.US_ASCII));
        mk.getOutputStream().close();
        mk.waitFor();
        try (LinuxNetlink router = LinuxNetlink.openIn(r)) {
            up(router, "lo");
            sysctl(r, "net.ipv4.ip_forward", "1");
            uplink(router, "a1", "10.57.4.1/24", n1);
            uplink(router, "b3", "10.57.5.1/24", n3);
        }
        node(n1, p1, "10.57.4.20/24", "10.57.4.1", "192.168.10.10");
        node(n3, p3, "10.57.5.21/24", "10.57.5.1", "192.168.12.10");

        Pool pool = Pool.ipip("192.168.0.0/16", EncapMode.CROSS_SUBNET);
        Intent i1 = new Intent(IpAddress.parse("10.57.4.20"), List.of(pool), List.of(IpPrefix.parse("192.168.10.0/24")),
                List.of(LearnedRoute.of("192.168.12.0/24", "10.57.5.21")), null);
        Intent i3 = new Intent(IpAddress.parse("10.57.5.21"), List.of(pool), List.of(IpPrefix.parse("192.168.12.0/24")),
                List.of(LearnedRoute.of("192.168.10.0/24", "10.57.4.20")), null);
        try (LinuxNetlink nl1 = LinuxNetlink.openIn(n1); LinuxNetlink nl3 = LinuxNetlink.openIn(n3)) {
            ReconcileReport r1 = new RouteReconciler(nl1, PlannerConfig.DEFAULT, Clock.SYSTEM, 60_000).apply(i1);
            ReconcileReport r3 = new RouteReconciler(nl3, PlannerConfig.DEFAULT, Clock.SYSTEM, 60_000).apply(i3);
            say("tunnel " + r1.tunnels().ipip() + " " + r1.tunnels().ipipDetail());
            say("errors " + r1.errors() + " " + r3.errors());
            for (Route rt : nl1.routeList(IpAddress.AF_INET)) {
                if (rt.protocol() == Rt.PROT_MUSLIN) {
                    say("route " + rt + " via-dev " + nl1.linkList().stream()
                            .filter(l -> l.index() == rt.oif()).map(l -> l.name() + " mtu " + l.mtu()).findFirst().orElse("-"));
                }
            }
        }
        // tcpdump on the router's subnet-B port sees the outer IPv4 header (protocol 4) of the pings.
        Process dump = new ProcessBuilder("ip", "netns", "exec", r, "tcpdump", "-l", "-n", "-i", "b3", "-c", "2", "ip proto 4")
                .redirectErrorStream(true).start();
        Thread.sleep(3000);
        String ping = exec("ip", "netns", "exec", p1, "ping", "-c", "3", "-W", "3", "192.168.12.10");
        say("ping " + ping.replace('\n', '|'));
        if (!dump.waitFor(20, TimeUnit.SECONDS)) {
            dump.destroy();
        }
        for (String line : new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            say("outer " + line);
        }
    }

    private static void up(LinuxNetlink nl, String name) {
        nl.linkSetUp(nl.linkByName(name).orElseThrow().index(), true);
    }

    private static void uplink(LinuxNetlink router, String port, String cidr, String nodeNs) {
        router.linkAdd(new LinkSpec.Veth(port, "eth0"));
        router.linkSetNetns(router.linkByName("eth0").orElseThrow().index(), nodeNs);
        int idx = router.linkByName(port).orElseThrow().index();
        router.addrAdd(Addr.of(idx, cidr));
        router.linkSetUp(idx, true);
    }

    private static void node(String ns, String pod, String cidr, String gw, String podIp) {
        sysctl(ns, "net.ipv4.ip_forward", "1");
        try (LinuxNetlink nl = LinuxNetlink.openIn(ns)) {
            up(nl, "lo");
            int eth0 = nl.linkByName("eth0").orElseThrow().index();
            nl.addrAdd(Addr.of(eth0, cidr));
            nl.linkSetUp(eth0, true);
            nl.routeAdd(Route.to("0.0.0.0/0").via(gw).dev(eth0).build());
            nl.linkAdd(new LinkSpec.Veth("cali-pod", "eth0p"));
            nl.linkSetNetns(nl.linkByName("eth0p").orElseThrow().index(), pod);
            int cali = nl.linkByName("cali-pod").orElseThrow().index();
            nl.linkSetUp(cali, true);
            nl.routeAdd(Route.to(podIp + "/32").dev(cali).build());
        }
        sysctl(ns, "net.ipv4.conf.cali-pod.proxy_arp", "1");
        try (LinuxNetlink nl = LinuxNetlink.openIn(pod)) {
            up(nl, "lo");
            int e = nl.linkByName("eth0p").orElseThrow().index();
            nl.addrAdd(Addr.of(e, podIp + "/32"));
            nl.linkSetUp(e, true);
            nl.routeAdd(Route.to("169.254.1.1/32").dev(e).build());
            nl.routeAdd(Route.to("0.0.0.0/0").via("169.254.1.1").dev(e).build());
        }
    }

    void cleanup() {
        for (String s : List.of("p1", "p3", "n1", "n3", "r")) {
            try {
                new ProcessBuilder("ip", "netns", "del", p + s).start().waitFor();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
