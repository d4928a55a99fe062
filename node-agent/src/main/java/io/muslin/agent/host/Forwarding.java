package io.muslin.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IP forwarding in the agent's network namespace, as Calico's Felix sets it: without it a node
 * drops traffic towards its pods that arrives from other nodes, and all IPv6 pod traffic. The
 * sysctls under {@code /proc/sys/net} belong to the namespace of the process that writes them.
 */
public final class Forwarding {
    static final String IPV4 = "ipv4/ip_forward";
    static final String IPV6 = "ipv6/conf/all/forwarding";

    private final Path procSysNet;

    public Forwarding(Path procSysNet) {
        this.procSysNet = procSysNet;
    }

    public static Forwarding ofThisNamespace() {
        return new Forwarding(Path.of("/proc/sys/net"));
    }

    /**
     * Turns forwarding on for the families this node uses; returns the sysctls it changed (empty
     * when they were on already). An IPv6 sysctl that does not exist (IPv6 disabled in the kernel)
     * is skipped.
     */
    public List<String> enable(boolean ipv4, boolean ipv6) throws IOException {
        List<String> changed = new ArrayList<>();
        if (ipv4) {
            set(IPV4, changed);
        }
        if (ipv6 && Files.exists(procSysNet.resolve(IPV6))) {
            set(IPV6, changed);
        }
        return changed;
    }

    private void set(String name, List<String> changed) throws IOException {
        Path file = procSysNet.resolve(name);
        if (!Files.readString(file).strip().equals("1")) {
            Files.writeString(file, "1\n");
            changed.add("net." + name.replace('/', '.'));
        }
    }
}
