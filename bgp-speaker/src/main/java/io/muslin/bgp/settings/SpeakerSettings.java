package io.muslin.bgp.settings;

import io.muslin.net.IpAddress;
import java.time.Duration;

/**
 * What a speaker is started with and keeps for its life: its AS, its router id and where it
 * listens (a change of any needs a restart), and the facts of this start for graceful restart.
 *
 * @param asNumber        this speaker's AS, 1..4294967295 (4-octet allowed)
 * @param routerId        BGP identifier, an IPv4 address other than 0.0.0.0
 * @param listenAddress   where to accept peers' connections, or null to connect out only
 * @param listenPort      the port to listen on (179; 0 = any free port)
 * @param gracefulRestart this start's graceful-restart facts
 */
public record SpeakerSettings(long asNumber, IpAddress routerId, IpAddress listenAddress, int listenPort,
                              GracefulRestart gracefulRestart) {
    public SpeakerSettings {
        checkAs(asNumber, "asNumber");
        if (routerId == null) {
            throw new SettingException("routerId", "is required");
        }
        if (routerId.v6()) {
            throw new SettingException("routerId", "'" + routerId + "' is not an IPv4 address");
        }
        if (routerId.isUnspecified()) {
            throw new SettingException("routerId", "0.0.0.0 is not a valid BGP identifier");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new SettingException("listenPort", listenPort + " is outside 0..65535");
        }
        if (gracefulRestart == null) {
            throw new SettingException("gracefulRestart", "is required (GracefulRestart.NOT_RESTARTING for a normal start)");
        }
    }

    /** Listens on {@code 0.0.0.0:179}; a normal start. */
    public static SpeakerSettings of(long asNumber, IpAddress routerId) {
        return new SpeakerSettings(asNumber, routerId, IpAddress.any(false), 179, GracefulRestart.NOT_RESTARTING);
    }

    public SpeakerSettings withListen(IpAddress address, int port) {
        return new SpeakerSettings(asNumber, routerId, address, port, gracefulRestart);
    }

    public SpeakerSettings withGracefulRestart(GracefulRestart gr) {
        return new SpeakerSettings(asNumber, routerId, listenAddress, listenPort, gr);
    }

    static void checkAs(long as, String field) {
        if (as < 1 || as > 0xFFFFFFFFL) {
            throw new SettingException(field, as + " is outside 1..4294967295");
        }
    }

    /**
     * This start as RFC 4724 sees it. They describe the moment the speaker starts; a later
     * {@code apply} does not change them.
     *
     * @param restarting          this process just restarted: set the R bit and defer best-path
     *                            selection and export until every peer's End-of-RIB
     * @param forwardingPreserved the kernel kept our routes over the restart (the F bit)
     * @param selectionDeferral   the longest wait for those End-of-RIBs
     */
    public record GracefulRestart(boolean restarting, boolean forwardingPreserved, Duration selectionDeferral) {
        public static final GracefulRestart NOT_RESTARTING = new GracefulRestart(false, false, Duration.ofSeconds(360));

        public GracefulRestart {
            if (selectionDeferral == null || selectionDeferral.isNegative() || selectionDeferral.isZero()) {
                throw new SettingException("selectionDeferral", selectionDeferral + " must be a positive duration");
            }
        }
    }
}
