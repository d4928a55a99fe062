package io.muslin.lab.driver;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Pods made by the lab the way Calico's CNI plugin wires them: a namespace with {@code eth0}
 * holding the pod's /32, its default route via {@code 169.254.1.1} onlink; on the node the
 * veth's other end {@code cali<hash>} with proxy ARP and a /32 route to the pod.
 */
public final class Pods {
    private Pods() {
    }

    /** A pod: its namespace, node, address and the node-side device. */
    public record Pod(String name, String namespace, String node, IpAddress address, String hostDevice) {}

    /** Calico's host-side name: {@code cali} and the first 11 hex digits of SHA-1 of "namespace.pod". */
    public static String hostDevice(String podName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(("default." + podName).getBytes(StandardCharsets.UTF_8));
            return "cali" + HexFormat.of().formatHex(h).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The address a lab-made pod takes in its node's block: counted down from the block's end, so
     * that it does not meet what IPAM hands out from the start (the node's tunnel address, CNI pods).
     */
    public static IpAddress addressInBlock(IpPrefix block, int index) {
        return block.lastAddress().plus(-1L - index);
    }

    /** Makes the pod; {@code mtu} (0: the kernel's default) is the pod interface's MTU, as the CNI plugin sets it from the agent's. */
    public static Pod create(String node, int index, IpAddress address, int mtu) {
        String name = Names.podName(node, index);
        String ns = Names.pod(node, index);
        String nodeNs = Names.node(node);
        String host = hostDevice(name);
        Fabric.namespace(ns);
        Shell.must("ip", "link", "add", host, "netns", nodeNs, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Shell.mustIn(nodeNs, "sysctl", "-qw", "net.ipv4.conf." + host + ".proxy_arp=1");
        Shell.mustIn(nodeNs, "sysctl", "-qw", "net.ipv4.neigh." + host + ".proxy_delay=0");
        Shell.mustIn(nodeNs, "ip", "link", "set", host, "up");
        Shell.mustIn(nodeNs, "ip", "route", "replace", address + "/32", "dev", host, "scope", "link");
        if (mtu > 0) {
            Shell.mustIn(ns, "ip", "link", "set", "eth0", "mtu", String.valueOf(mtu));
            Shell.mustIn(nodeNs, "ip", "link", "set", host, "mtu", String.valueOf(mtu));
        }
        Shell.mustIn(ns, "ip", "addr", "add", address + "/32", "dev", "eth0");
        Shell.mustIn(ns, "ip", "link", "set", "eth0", "up");
        Shell.mustIn(ns, "ip", "route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        Shell.mustIn(ns, "ip", "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        return new Pod(name, ns, node, address, host);
    }
}
