package io.muslin.policy.render;

/** The ipset types the renderer uses. */
public enum IpSetType {
    /** Pod addresses picked by selectors; node addresses. */
    HASH_IP("hash:ip"),
    /** {@code ipBlock.except} blocks. */
    HASH_NET("hash:net"),
    /** Address and protocol:port pairs, for named ports and etcd endpoints. */
    HASH_IP_PORT("hash:ip,port");

    private final String ipsetName;

    IpSetType(String ipsetName) {
        this.ipsetName = ipsetName;
    }

    public String ipsetName() {
        return ipsetName;
    }

    public static IpSetType ofIpsetName(String name) {
        for (IpSetType t : values()) {
            if (t.ipsetName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
