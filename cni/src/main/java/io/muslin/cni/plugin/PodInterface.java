package io.muslin.cni.plugin;

import io.muslin.net.InterfaceAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One pod attachment as the kernel sees it: the pod's namespace and interface, the host end of
 * the veth pair, the addresses (each a /32 or /128) and the MTU.
 *
 * @param netns     the pod's namespace path ({@code CNI_NETNS})
 * @param ifname    the pod's interface ({@code CNI_IFNAME})
 * @param hostIf    the host end, {@link #hostIfName}
 * @param addresses the pod's addresses as host prefixes
 * @param mtu       both ends' MTU
 */
public record PodInterface(String netns, String ifname, String hostIf, List<InterfaceAddress> addresses, int mtu) {
    /** Every host end starts so; the rest is a digest of network, container and interface. */
    public static final String HOST_PREFIX = "mus";

    public PodInterface {
        addresses = List.copyOf(addresses);
    }

    /**
     * The host end's name: {@code mus} and 12 hex digits of SHA-1 over
     * {@code <network>.<container id>.<ifname>} (15 characters, Linux's limit), so DEL, CHECK
     * and GC find it again from what the runtime passes.
     */
    public static String hostIfName(String network, String containerId, String ifname) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1")
                    .digest((network + "." + containerId + "." + ifname).getBytes(StandardCharsets.UTF_8));
            return HOST_PREFIX + HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
