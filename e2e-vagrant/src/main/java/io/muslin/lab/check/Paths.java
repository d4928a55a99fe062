package io.muslin.lab.check;

import io.muslin.net.IpAddress;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two independent readings of a pair's path, both pure: what the source node's kernel route
 * says ({@link #fromRoute}) and what a capture on the node's uplink saw ({@link #fromCapture}).
 * The lab reports a pair as proved only when the two agree.
 */
public final class Paths {
    private static final Pattern ETHER = Pattern.compile("^\\S+ ([0-9a-f:]{17}) > ([0-9a-f:]{17}),");

    private Paths() {
    }

    /**
     * The path the kernel chose ({@code ip route get}): the device and gateway, the source node's
     * rack gateway and every node address in the lab.
     */
    public static PathKind fromRoute(String device, IpAddress gateway, IpAddress rackGateway, Set<IpAddress> nodeAddresses) {
        if (device == null) {
            return PathKind.UNKNOWN;
        }
        if (device.startsWith("cali")) {
            return PathKind.LOCAL;
        }
        if (device.equals("tunl0")) {
            return PathKind.IPIP;
        }
        if (device.startsWith("vxlan")) {
            return PathKind.VXLAN;
        }
        if (gateway != null && gateway.equals(rackGateway)) {
            return PathKind.VIA_TOR;
        }
        if (gateway != null && nodeAddresses.contains(gateway)) {
            return PathKind.DIRECT;
        }
        return PathKind.UNKNOWN;
    }

    /**
     * What a capture on the source node's uplink ({@code tcpdump -n -e -l}) shows for an echo
     * request from {@code src} to {@code dst}: inside VXLAN to {@code dstNode}, inside IP-in-IP to
     * it, or plain — then the frame's destination MAC tells the other node ({@code dstNodeMac})
     * from the rack's router ({@code torMac}).
     */
    public static PathKind fromCapture(String capture, IpAddress src, IpAddress dst, IpAddress dstNode, String dstNodeMac,
                                       String torMac) {
        String inner = Pattern.quote(src + " > " + dst + ": ICMP echo request");
        String[] lines = capture.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.contains("VXLAN") && line.contains(" > " + dstNode + ".4789:")) {
                String rest = i + 1 < lines.length ? line + "\n" + lines[i + 1] : line;
                if (Pattern.compile(inner).matcher(rest).find()) {
                    return PathKind.VXLAN;
                }
            }
            if (Pattern.compile(Pattern.quote(" > " + dstNode + ": ") + "(IP )?" + inner).matcher(line).find()) {
                return PathKind.IPIP;
            }
        }
        for (String line : lines) {
            if (!Pattern.compile(": (IP )?" + inner).matcher(line).find() || line.contains("VXLAN")) {
                continue;
            }
            Matcher m = ETHER.matcher(line);
            if (m.find()) {
                String to = m.group(2);
                if (to.equalsIgnoreCase(dstNodeMac)) {
                    return PathKind.DIRECT;
                }
                if (to.equalsIgnoreCase(torMac)) {
                    return PathKind.VIA_TOR;
                }
            }
        }
        return PathKind.UNKNOWN;
    }
}
