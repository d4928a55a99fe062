package io.muslin.bgp.wire;

/** A BGP message (RFC 4271 §4), as data. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
    int HEADER_LENGTH = 19;
    int MARKER_LENGTH = 16;
    /** Maximum message length without the extended-message capability (RFC 4271). */
    int MAX_LENGTH = 4096;
    /** Maximum message length with the extended-message capability (RFC 8654). */
    int MAX_EXTENDED_LENGTH = 65535;

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5;

    /** The message type code in the header. */
    int type();

    static String typeName(int type) {
        return switch (type) {
            case TYPE_OPEN -> "OPEN";
            case TYPE_UPDATE -> "UPDATE";
            case TYPE_NOTIFICATION -> "NOTIFICATION";
            case TYPE_KEEPALIVE -> "KEEPALIVE";
            case TYPE_ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> "type-" + type;
        };
    }
}
