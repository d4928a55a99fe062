package io.muslin.lab.driver;

import io.muslin.lab.topology.Topology;

/**
 * The lab's namespace names, all with the prefix {@value #PREFIX} so that leftovers of a crashed
 * run are found by name and nothing else on the machine is ever touched.
 */
public final class Names {
    public static final String PREFIX = "mlab-";
    public static final String CORE = PREFIX + "core";

    private Names() {
    }

    public static String tor(Topology.Rack rack) {
        return PREFIX + "t-" + rack.name();
    }

    public static String node(String node) {
        return PREFIX + "n-" + node;
    }

    public static String etcd(int member) {
        return PREFIX + "e" + member;
    }

    public static String pod(String node, int index) {
        return PREFIX + "p-" + node + "-" + index;
    }

    /** The pod's name as the datastore and the CNI plugin know it. */
    public static String podName(String node, int index) {
        return "pod-" + node + "-" + index;
    }

    public static boolean ours(String namespace) {
        return namespace.startsWith(PREFIX);
    }
}
