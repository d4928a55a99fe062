package io.muslin.policy.render;

import io.muslin.policy.model.NetworkPolicy;
import io.muslin.policy.model.PolicyType;

/** Names of the chains and ipsets we own, all under the configured prefixes. */
public final class ChainNames {

    private final RenderConfig cfg;

    public ChainNames(RenderConfig cfg) {
        this.cfg = cfg;
    }

    public String forward() {
        return cfg.chainPrefix() + "FORWARD";
    }

    public String input() {
        return cfg.chainPrefix() + "INPUT";
    }

    public String output() {
        return cfg.chainPrefix() + "OUTPUT";
    }

    public String fromWorkloadDispatch() {
        return cfg.chainPrefix() + "from-wl-dispatch";
    }

    public String toWorkloadDispatch() {
        return cfg.chainPrefix() + "to-wl-dispatch";
    }

    /** Traffic to the pod behind {@code iface} (its ingress). */
    public String toWorkload(String iface) {
        return cfg.chainPrefix() + "tw-" + iface;
    }

    /** Traffic from the pod behind {@code iface} (its egress). */
    public String fromWorkload(String iface) {
        return cfg.chainPrefix() + "fw-" + iface;
    }

    public String policy(NetworkPolicy p, PolicyType type) {
        return cfg.chainPrefix() + (type == PolicyType.INGRESS ? "pi-" : "po-") + Hashes.name16(p.key());
    }

    /** An ipset named after its kind letter and identity. */
    public String ipset(char kind, String identity) {
        return cfg.ipsetPrefix() + kind + "-" + Hashes.name16(identity);
    }

    /** The temporary set a new version of {@code setName} is built in before the swap. */
    public String temporaryIpset(String setName) {
        return cfg.ipsetPrefix() + "t-" + Hashes.name16(setName);
    }

    public String nodesIpset() {
        return cfg.ipsetPrefix() + "nodes";
    }

    public String bgpIpset() {
        return cfg.ipsetPrefix() + "bgp";
    }

    public String etcdIpset() {
        return cfg.ipsetPrefix() + "etcd";
    }
}
