package io.muslin.netlink;

import io.muslin.netlink.wire.Errno;

/**
 * A request the kernel refused, or a socket call that failed: names the object and the errno,
 * e.g. {@code route add 10.1.0.0/24 via 10.9.9.9 dev #3 proto 77: ENETUNREACH (Nexthop has invalid gateway)}.
 */
public class NetlinkException extends RuntimeException {
    private final transient Request request;
    private final int errno;
    private final String extAck;

    public NetlinkException(Request request, int errno, String extAck) {
        super(describe(request == null ? null : request.verb() + " " + request.target(), errno, extAck));
        this.request = request;
        this.errno = errno;
        this.extAck = extAck;
    }

    /** For operations that are not a batched {@link Request} (dumps, link changes, socket calls). */
    public NetlinkException(String what, int errno, String extAck) {
        super(describe(what, errno, extAck));
        this.request = null;
        this.errno = errno;
        this.extAck = extAck;
    }

    private static String describe(String what, int errno, String extAck) {
        return (what == null ? "" : what + ": ") + Errno.name(errno) + (extAck == null || extAck.isEmpty() ? "" : " (" + extAck + ")");
    }

    /** The failed request, or null when the failure was not a batched request. */
    public Request request() {
        return request;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** The kernel's extended-ack text, or null. */
    public String extAck() {
        return extAck;
    }
}
