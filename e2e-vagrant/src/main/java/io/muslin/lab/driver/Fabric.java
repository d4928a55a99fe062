package io.muslin.lab.driver;

import io.muslin.lab.config.RouterConfigs;
import io.muslin.lab.topology.Topology;
import io.muslin.lab.topology.Topology.Placed;
import io.muslin.lab.topology.Topology.Rack;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's wires: a namespace per host (core router, one router per rack, one per node, one per
 * etcd member) and veth pairs made directly inside the namespaces (no link ever appears on this
 * machine's own network). Each rack is a bridge in its router's namespace; the core has a bridge
 * for the etcd hosts.
 */
public final class Fabric {
    private Fabric() {
    }

    public static void build(Topology t) {
        namespace(Names.CORE);
        forwarding(Names.CORE);
        bridge(Names.CORE, "svc0", t.servicesGateway() + "/" + t.core().services().length());
        for (int i = 0; i < t.racks().size(); i++) {
            Rack r = t.racks().get(i);
            String tor = Names.tor(r);
            namespace(tor);
            forwarding(tor);
            veth(Names.CORE, "r" + i, tor, RouterConfigs.UPLINK);
            address(Names.CORE, "r" + i, t.coreLinkAddress(i) + "/30");
            address(tor, RouterConfigs.UPLINK, t.torLinkAddress(i) + "/30");
            bridge(tor, RouterConfigs.RACK_BRIDGE, Topology.gateway(r) + "/" + r.subnet().length());
        }
        List<Placed> nodes = t.nodes();
        for (int k = 0; k < nodes.size(); k++) {
            Placed n = nodes.get(k);
            String ns = Names.node(n.name());
            String tor = Names.tor(n.rack());
            namespace(ns);
            forwarding(ns);
            veth(ns, "eth0", tor, "port" + k);
            Shell.mustIn(tor, "ip", "link", "set", "port" + k, "master", RouterConfigs.RACK_BRIDGE);
            address(ns, "eth0", Topology.nodeAddress(n) + "/" + n.rack().subnet().length());
            Shell.mustIn(ns, "ip", "route", "add", "default", "via", Topology.gateway(n.rack()).toString());
        }
        for (int m = 1; m <= t.etcd().members(); m++) {
            String ns = Names.etcd(m);
            namespace(ns);
            veth(ns, "eth0", Names.CORE, "e" + m);
            Shell.mustIn(Names.CORE, "ip", "link", "set", "e" + m, "master", "svc0");
            address(ns, "eth0", t.etcdAddress(m) + "/" + t.core().services().length());
            Shell.mustIn(ns, "ip", "route", "add", "default", "via", t.servicesGateway().toString());
        }
    }

    public static void namespace(String name) {
        Shell.must("ip", "netns", "add", name);
        Shell.mustIn(name, "ip", "link", "set", "lo", "up");
    }

    private static void forwarding(String ns) {
        Shell.mustIn(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    private static void bridge(String ns, String name, String address) {
        Shell.mustIn(ns, "ip", "link", "add", name, "type", "bridge");
        address(ns, name, address);
    }

    /** A veth pair with one end in each namespace, both up (made in place: never on this machine's own network). */
    public static void veth(String nsA, String devA, String nsB, String devB) {
        Shell.must("ip", "link", "add", devA, "netns", nsA, "type", "veth", "peer", "name", devB, "netns", nsB);
        Shell.mustIn(nsA, "ip", "link", "set", devA, "up");
        Shell.mustIn(nsB, "ip", "link", "set", devB, "up");
    }

    private static void address(String ns, String dev, String cidr) {
        Shell.mustIn(ns, "ip", "addr", "add", cidr, "dev", dev);
        Shell.mustIn(ns, "ip", "link", "set", dev, "up");
    }

    /** The namespaces of ours that exist now (leftovers included). */
    public static List<String> ourNamespaces() {
        List<String> out = new ArrayList<>();
        for (String line : Shell.run("ip", "netns", "list").output().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (Names.ours(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Ends every process inside the namespace (only lab processes live there) and deletes it. */
    public static void removeNamespace(String name) {
        for (boolean force : new boolean[] {false, true}) {
            for (String pid : Shell.run("ip", "netns", "pids", name).output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                        if (force) {
                            h.destroyForcibly();
                        } else {
                            h.destroy();
                        }
                    });
                }
            }
            if (!force) {
                sleep(300);
            }
        }
        Shell.run("ip", "netns", "del", name);
    }

    /** The MAC address of a device in a namespace. */
    public static String mac(String ns, String dev) {
        return Shell.mustIn(ns, "cat", "/sys/class/net/" + dev + "/address").strip();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
