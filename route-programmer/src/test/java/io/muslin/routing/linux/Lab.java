package io.muslin.routing.linux;


import io.muslin.testing.Commands;
import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real-kernel lab, all in namespaces named {@code mrp-<pid>-<n>-*} that it removes on
 * {@link #close()} (and from a shutdown hook should the JVM die first):
 * <pre>
 *   subnet A 10.57.4.0/24 (bridge in the router)      subnet B 10.57.5.0/24
 *   node1 10.57.4.20  pod1 192.168.10.10               node3 10.57.5.21  pod3 192.168.12.10
 *   node2 10.57.4.21  pod2 192.168.11.10
 *                     router 10.57.4.1 / 10.57.5.1, forwarding
 * </pre>
 * Each node has {@code eth0} (its uplink, default route via the router), a pod namespace behind
 * a veth with proxy ARP and a /32 host route, exactly as the CNI plugin wires pods.
 */
final class Lab implements AutoCloseable {
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(n -> run("ip", "netns", "del", n))));
    }

    final String prefix;
    private final List<String> namespaces = new ArrayList<>();

    record Node(String ns, String pod, String ip, String podIp, String block) {
    }

    final Node node1;
    final Node node2;
    final Node node3;
    final String router;

    /** Root, iproute2 and ping, or the test is skipped with the reason (failed under CI). */
    static void requireRoot() {
        Prerequisites.requireAll(Netns.unavailableReason(),
                Prerequisites.executableReason("iputils-ping", "/usr/bin/ping", "/bin/ping"));
    }

    Lab() {
        requireRoot();
        prefix = "mrp-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-";
        router = ns("r");
        node1 = new Node(ns("n1"), ns("p1"), "10.57.4.20", "192.168.10.10", "192.168.10.0/24");
        node2 = new Node(ns("n2"), ns("p2"), "10.57.4.21", "192.168.11.10", "192.168.11.0/24");
        node3 = new Node(ns("n3"), ns("p3"), "10.57.5.21", "192.168.12.10", "192.168.12.0/24");
        try {
            build();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private String ns(String suffix) {
        String name = prefix + suffix;
        LIVE.add(name);
        namespaces.add(name);
        sh("ip", "netns", "add", name);
        return name;
    }

    private void build() {
        in(router, "ip", "link", "set", "lo", "up");
        in(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        in(router, "ip", "link", "add", "br-a", "type", "bridge");
        in(router, "ip", "link", "add", "br-b", "type", "bridge");
        in(router, "ip", "addr", "add", "10.57.4.1/24", "dev", "br-a");
        in(router, "ip", "addr", "add", "10.57.5.1/24", "dev", "br-b");
        in(router, "ip", "link", "set", "br-a", "up");
        in(router, "ip", "link", "set", "br-b", "up");
        wire(node1, "br-a", "a1", "10.57.4.1");
        wire(node2, "br-a", "a2", "10.57.4.1");
        wire(node3, "br-b", "b3", "10.57.5.1");
    }

    private void wire(Node n, String bridge, String port, String gw) {
        in(n.ns, "ip", "link", "set", "lo", "up");
        in(n.ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        in(router, "ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", n.ns);
        in(router, "ip", "link", "set", port, "master", bridge);
        in(router, "ip", "link", "set", port, "up");
        in(n.ns, "ip", "addr", "add", n.ip + "/24", "dev", "eth0");
        in(n.ns, "ip", "link", "set", "eth0", "up");
        in(n.ns, "ip", "route", "add", "default", "via", gw);
        // The pod: veth, /32 address, default via 169.254.1.1 onlink; proxy ARP and a host route on the node.
        in(n.ns, "ip", "link", "add", "cali-pod", "type", "veth", "peer", "name", "eth0", "netns", n.pod);
        in(n.pod, "ip", "link", "set", "lo", "up");
        in(n.pod, "ip", "addr", "add", n.podIp + "/32", "dev", "eth0");
        in(n.pod, "ip", "link", "set", "eth0", "up");
        in(n.pod, "ip", "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        in(n.pod, "ip", "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        in(n.ns, "sysctl", "-qw", "net.ipv4.conf.cali-pod.proxy_arp=1");
        in(n.ns, "ip", "link", "set", "cali-pod", "up");
        in(n.ns, "ip", "route", "add", n.podIp + "/32", "dev", "cali-pod", "scope", "link");
    }

    /** Runs a command in a namespace; fails on non-zero exit. */
    static String in(String ns, String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(cmd));
        return sh(c.toArray(String[]::new));
    }

    /** True when {@code from}'s pod can ping {@code to}'s pod (a few tries, for ARP and the programmer). */
    static boolean ping(Node from, Node to, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            if (run("ip", "netns", "exec", from.pod, "ping", "-c", "1", "-W", "1", to.podIp).exit() == 0) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    static String sh(String... cmd) {
        return Commands.sh(cmd);
    }

    static Commands.Result run(String... cmd) {
        return Commands.run(cmd);
    }

    /** One scratch namespace {@code mrp-<pid>-s<n>}, for probes. */
    record Scratch(String name) implements AutoCloseable {
        Scratch() {
            this("mrp-" + ProcessHandle.current().pid() + "-s" + COUNTER.incrementAndGet());
            LIVE.add(name);
            sh("ip", "netns", "add", name);
        }

        @Override
        public void close() {
            run("ip", "netns", "del", name);
            LIVE.remove(name);
        }
    }

    @Override
    public void close() {
        for (String n : namespaces.reversed()) {
            run("ip", "netns", "del", n);
            LIVE.remove(n);
        }
    }
}
