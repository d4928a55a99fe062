package io.muslin.bgp.settings;

/**
 * BFD (RFC 5880) with one peer: present on a {@link PeerSpec} means enabled. A BGP session whose
 * BFD session goes Down is brought down at once (reason {@code bfd-down}); BGP never waits for
 * BFD to come Up.
 *
 * @param minRxMs    the slowest rate at which we want the peer's packets (RequiredMinRxInterval), ms
 * @param minTxMs    the rate at which we would like to send (DesiredMinTxInterval), ms
 * @param multiplier packets missed before the session is declared down (Detect Mult), 1..255
 * @param multihop   RFC 5883 (UDP 4784, no TTL check) instead of RFC 5881 single hop (UDP 3784,
 *                   TTL 255 sent and required)
 */
public record BfdSpec(int minRxMs, int minTxMs, int multiplier, boolean multihop) {
    public static final int DEFAULT_MIN_RX_MS = 300;
    public static final int DEFAULT_MIN_TX_MS = 300;
    public static final int DEFAULT_MULTIPLIER = 3;
    /** The wire carries microseconds in 32 bits: about 71 minutes; an hour is plenty. */
    static final int MAX_INTERVAL_MS = 3_600_000;

    public BfdSpec {
        if (minRxMs < 1 || minRxMs > MAX_INTERVAL_MS) {
            throw new SettingException("minRxMs", minRxMs + " is outside 1.." + MAX_INTERVAL_MS + " ms");
        }
        if (minTxMs < 1 || minTxMs > MAX_INTERVAL_MS) {
            throw new SettingException("minTxMs", minTxMs + " is outside 1.." + MAX_INTERVAL_MS + " ms");
        }
        if (multiplier < 1 || multiplier > 255) {
            throw new SettingException("multiplier", multiplier + " is outside 1..255");
        }
    }

    /** 300 ms each way, multiplier 3 (under a second to detect), single hop. */
    public static BfdSpec defaults() {
        return new BfdSpec(DEFAULT_MIN_RX_MS, DEFAULT_MIN_TX_MS, DEFAULT_MULTIPLIER, false);
    }

    public BfdSpec withIntervals(int rxMs, int txMs) {
        return new BfdSpec(rxMs, txMs, multiplier, multihop);
    }

    public BfdSpec withMultiplier(int m) {
        return new BfdSpec(minRxMs, minTxMs, m, multihop);
    }

    public BfdSpec withMultihop(boolean m) {
        return new BfdSpec(minRxMs, minTxMs, multiplier, m);
    }
}
