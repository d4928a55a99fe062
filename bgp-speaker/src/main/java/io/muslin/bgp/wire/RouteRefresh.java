package io.muslin.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918), with the message subtype of enhanced route refresh (RFC 7313:
 * 0 = request, 1 = beginning of route refresh, 2 = end of route refresh).
 */
public record RouteRefresh(AfiSafi family, int subtype) implements BgpMessage {
    public static final int REQUEST = 0;
    public static final int BEGIN = 1;
    public static final int END = 2;

    public RouteRefresh(AfiSafi family) {
        this(family, REQUEST);
    }

    @Override
    public int type() {
        return TYPE_ROUTE_REFRESH;
    }
}
