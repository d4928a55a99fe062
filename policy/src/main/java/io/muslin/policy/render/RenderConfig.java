package io.muslin.policy.render;

/**
 * How rendered rules are named and marked.
 *
 * @param chainPrefix prefix of every chain we own (at most 8 characters, so names fit in 28)
 * @param ipsetPrefix prefix of every ipset we own
 * @param hashPrefix  prefix of the hash in each rule's comment
 * @param allowMark   the packet-mark bit our chains use to say "policy allowed this"
 * @param endpointToHost what happens to a pod's traffic to this node once the pod's egress
 *                    policy allowed it: {@code RETURN} (default) hands it back to the node's own
 *                    INPUT rules, {@code ACCEPT} accepts it, {@code DROP} drops it (Calico's
 *                    DefaultEndpointToHostAction)
 */
public record RenderConfig(String chainPrefix, String ipsetPrefix, String hashPrefix, int allowMark,
                           HostProtection hostProtection, EndpointToHost endpointToHost) {

    /** What becomes of pod → node traffic that the pod's egress policy allowed. */
    public enum EndpointToHost { RETURN, ACCEPT, DROP }

    public RenderConfig {
        if (chainPrefix.isEmpty() || chainPrefix.length() > 8) {
            throw new IllegalArgumentException("chain prefix must be 1-8 characters: " + chainPrefix);
        }
        if (ipsetPrefix.isEmpty() || ipsetPrefix.length() > 8) {
            throw new IllegalArgumentException("ipset prefix must be 1-8 characters: " + ipsetPrefix);
        }
        if (Integer.bitCount(allowMark) != 1) {
            throw new IllegalArgumentException("the allow mark is a single bit: 0x" + Integer.toHexString(allowMark));
        }
    }

    public static RenderConfig defaults() {
        return new RenderConfig("MUSLIN-", "muslin-", "muslin:", 0x100000, HostProtection.NONE, EndpointToHost.RETURN);
    }

    public RenderConfig withHostProtection(HostProtection hp) {
        return new RenderConfig(chainPrefix, ipsetPrefix, hashPrefix, allowMark, hp, endpointToHost);
    }

    public RenderConfig withEndpointToHost(EndpointToHost action) {
        return new RenderConfig(chainPrefix, ipsetPrefix, hashPrefix, allowMark, hostProtection, action);
    }

    public String mark() {
        return "0x" + Integer.toHexString(allowMark);
    }
}
