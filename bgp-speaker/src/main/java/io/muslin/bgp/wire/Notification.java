package io.muslin.bgp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** NOTIFICATION (RFC 4271 §4.5): error code, subcode, data. */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {
    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_ERROR = 7;

    // Message header error subcodes.
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;
    // OPEN error subcodes.
    public static final int UNSUPPORTED_VERSION_NUMBER = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;
    // UPDATE error subcodes.
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
    public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;
    // Cease subcodes (RFC 4486).
    public static final int MAX_PREFIXES_REACHED = 1;
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMINISTRATIVE_RESET = 4;
    public static final int CONNECTION_REJECTED = 5;
    public static final int OTHER_CONFIGURATION_CHANGE = 6;
    public static final int CONNECTION_COLLISION_RESOLUTION = 7;
    public static final int OUT_OF_RESOURCES = 8;
    public static final int HARD_RESET = 9;
    /** RFC 9384: the session ended because BFD declared the peer down. */
    public static final int BFD_DOWN = 10;
    // Route refresh error subcode (RFC 7313).
    public static final int INVALID_MESSAGE_LENGTH = 1;

    public Notification {
        data = data.clone();
    }

    public Notification(int code, int subcode) {
        this(code, subcode, new byte[0]);
    }

    public static Notification badLength(int length) {
        return new Notification(MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, new byte[] {(byte) (length >>> 8), (byte) length});
    }

    /** A Cease with an RFC 9003 shutdown communication (UTF-8, at most 255 octets). */
    public static Notification cease(int subcode, String communication) {
        byte[] text = communication.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 255);
        byte[] d = new byte[n + 1];
        d[0] = (byte) n;
        System.arraycopy(text, 0, d, 1, n);
        return new Notification(CEASE, subcode, d);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int type() {
        return TYPE_NOTIFICATION;
    }

    /** "6/2 administrative-shutdown", in the words used in logs, metrics and status. */
    public String describe() {
        String text = code + "/" + subcode + " " + name(code, subcode);
        String comm = shutdownCommunication();
        return comm == null ? text : text + " \"" + comm + "\"";
    }

    /** The RFC 9003 shutdown communication of a Cease 6/2 or 6/4, when there is a well-formed one. */
    public String shutdownCommunication() {
        if (code != CEASE || (subcode != ADMINISTRATIVE_SHUTDOWN && subcode != ADMINISTRATIVE_RESET)
                || data.length == 0 || (data[0] & 0xFF) != data.length - 1) {
            return null;
        }
        return new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    }

    public static String name(int code, int subcode) {
        return switch (code) {
            case MESSAGE_HEADER_ERROR -> switch (subcode) {
                case CONNECTION_NOT_SYNCHRONIZED -> "connection-not-synchronized";
                case BAD_MESSAGE_LENGTH -> "bad-message-length";
                case BAD_MESSAGE_TYPE -> "bad-message-type";
                default -> "message-header-error";
            };
            case OPEN_MESSAGE_ERROR -> switch (subcode) {
                case UNSUPPORTED_VERSION_NUMBER -> "unsupported-version-number";
                case BAD_PEER_AS -> "bad-peer-as";
                case BAD_BGP_IDENTIFIER -> "bad-bgp-identifier";
                case UNSUPPORTED_OPTIONAL_PARAMETER -> "unsupported-optional-parameter";
                case UNACCEPTABLE_HOLD_TIME -> "unacceptable-hold-time";
                case UNSUPPORTED_CAPABILITY -> "unsupported-capability";
                default -> "open-message-error";
            };
            case UPDATE_MESSAGE_ERROR -> switch (subcode) {
                case MALFORMED_ATTRIBUTE_LIST -> "malformed-attribute-list";
                case UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE -> "unrecognized-well-known-attribute";
                case MISSING_WELL_KNOWN_ATTRIBUTE -> "missing-well-known-attribute";
                case ATTRIBUTE_FLAGS_ERROR -> "attribute-flags-error";
                case ATTRIBUTE_LENGTH_ERROR -> "attribute-length-error";
                case INVALID_ORIGIN_ATTRIBUTE -> "invalid-origin-attribute";
                case INVALID_NEXT_HOP_ATTRIBUTE -> "invalid-next-hop-attribute";
                case OPTIONAL_ATTRIBUTE_ERROR -> "optional-attribute-error";
                case INVALID_NETWORK_FIELD -> "invalid-network-field";
                case MALFORMED_AS_PATH -> "malformed-as-path";
                default -> "update-message-error";
            };
            case HOLD_TIMER_EXPIRED -> "hold-timer-expired";
            case FSM_ERROR -> "fsm-error";
            case CEASE -> switch (subcode) {
                case MAX_PREFIXES_REACHED -> "maximum-prefixes-reached";
                case ADMINISTRATIVE_SHUTDOWN -> "administrative-shutdown";
                case PEER_DECONFIGURED -> "peer-deconfigured";
                case ADMINISTRATIVE_RESET -> "administrative-reset";
                case CONNECTION_REJECTED -> "connection-rejected";
                case OTHER_CONFIGURATION_CHANGE -> "other-configuration-change";
                case CONNECTION_COLLISION_RESOLUTION -> "connection-collision-resolution";
                case OUT_OF_RESOURCES -> "out-of-resources";
                case BFD_DOWN -> "bfd-down";
                case HARD_RESET -> "hard-reset";
                default -> "cease";
            };
            case ROUTE_REFRESH_ERROR -> "route-refresh-message-error";
            default -> "error-" + code;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Notification[" + describe() + (data.length > 0 ? ", data=" + HexFormat.of().formatHex(data) : "") + "]";
    }
}
