package io.muslin.netlink;

/** {@code rtm_type}: what the kernel does with packets matching a route. */
public enum RouteType {
    UNSPEC(0), UNICAST(1), LOCAL(2), BROADCAST(3), ANYCAST(4), MULTICAST(5), BLACKHOLE(6),
    UNREACHABLE(7), PROHIBIT(8), THROW(9), NAT(10), XRESOLVE(11);

    public final int code;

    RouteType(int code) {
        this.code = code;
    }

    private static final RouteType[] BY_CODE = values();

    public static RouteType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNSPEC;
    }
}
