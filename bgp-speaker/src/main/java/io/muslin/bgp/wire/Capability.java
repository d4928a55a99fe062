package io.muslin.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A capability carried in OPEN (RFC 5492). Unknown capabilities are kept and ignored. */
public sealed interface Capability {
    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ADD_PATH = 69;

    int code();

    /** Multiprotocol extensions (RFC 4760 §8). */
    record Multiprotocol(AfiSafi family) implements Capability {
        public int code() {
            return MULTIPROTOCOL;
        }
    }

    /** Route refresh (RFC 2918). */
    record RouteRefreshSupport() implements Capability {
        public int code() {
            return ROUTE_REFRESH;
        }
    }

    /** Extended messages up to 65535 octets (RFC 8654). */
    record ExtendedMessage() implements Capability {
        public int code() {
            return EXTENDED_MESSAGE;
        }
    }

    /** Support for 4-octet AS numbers (RFC 6793). */
    record FourOctetAs(long asNumber) implements Capability {
        public int code() {
            return FOUR_OCTET_AS;
        }
    }

    /**
     * Graceful restart (RFC 4724 §3): restart-state (R) and, from RFC 8538, notification (N)
     * flags, the restart time in seconds, and per family whether forwarding state was kept (F).
     */
    record GracefulRestart(boolean restarting, boolean notification, int restartTime,
                           List<GracefulRestartFamily> families) implements Capability {
        public GracefulRestart {
            if (restartTime < 0 || restartTime > 4095) {
                throw new IllegalArgumentException("graceful restart time " + restartTime + " is outside 0..4095");
            }
            families = List.copyOf(families);
        }

        public int code() {
            return GRACEFUL_RESTART;
        }
    }

    record GracefulRestartFamily(AfiSafi family, boolean forwardingPreserved) {
    }

    /** ADD-PATH (RFC 7911): per family 1 = receive, 2 = send, 3 = both. Parsed; never negotiated by us. */
    record AddPath(List<AddPathFamily> families) implements Capability {
        public AddPath {
            families = List.copyOf(families);
        }

        public int code() {
            return ADD_PATH;
        }
    }

    record AddPathFamily(AfiSafi family, int sendReceive) {
    }

    /** A capability this speaker does not know: kept as bytes, otherwise ignored. */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
