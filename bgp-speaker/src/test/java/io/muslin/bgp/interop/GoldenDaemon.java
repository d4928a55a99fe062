package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import java.nio.file.Path;

/**
 * A daemon set up for golden-vector capture ({@link GoldenCapture}): its config announces routes
 * with as many path attributes as the daemon can set, on a v4 session (10.77.0.1 → 10.77.0.2)
 * and a v6 session (fd77::1 → fd77::2), and it can be told to withdraw some of them and to end
 * each session with a NOTIFICATION.
 */
abstract class GoldenDaemon implements AutoCloseable {
    static final String P4 = InteropScenarios.P4, P6 = InteropScenarios.P6;
    static final String M4 = InteropScenarios.M4, M6 = InteropScenarios.M6;
    static final String SHUTDOWN_TEXT = "golden capture: shutdown";
    static final String RESET_TEXT = "golden capture: reset";

    /**
     * One capture run.
     *
     * @param name          "ibgp", "ebgp" or "confed": the session directory is {@code <name>-v4|v6}
     * @param daemonAs      the daemon's AS (its member AS in a confederation)
     * @param muslinAs      the AS the capturing peer claims
     * @param external      how Muslin decodes what it receives (false for iBGP and for a confederation peer)
     * @param confederation the confederation identifier, 0 for none
     */
    record Spec(String name, long daemonAs, long muslinAs, boolean external, long confederation) {
        static final Spec IBGP = new Spec("ibgp", 4200000001L, 4200000001L, false, 0);
        static final Spec EBGP = new Spec("ebgp", 65001, 4200000002L, true, 0);
        static final Spec CONFED = new Spec("confed", 65001, 65002, false, 65000);

        boolean ibgp() {
            return daemonAs == muslinAs;
        }
    }

    Netns ns;
    Path dir;
    Process process;

    abstract String name();

    /** Null when the daemon is installed, else why not. */
    abstract String unavailableReason();

    /** Name and version, as the daemon reports it. */
    abstract String version();

    /** Writes the config for {@code spec} and starts the daemon in {@code ns}. */
    abstract void start(Netns ns, Path dir, Spec spec) throws Exception;

    /** Asks for the routes again: the daemon sends a ROUTE-REFRESH on both sessions (RFC 2918). */
    abstract void refresh() throws Exception;

    /** False for a daemon that has no command making it send a ROUTE-REFRESH. */
    boolean sendsRouteRefresh() {
        return true;
    }

    /**
     * True when the capturing peer should offer the extended next hop capability (RFC 8950) for
     * IPv4 unicast: BIRD then carries IPv4 routes (with their IPv4 next hop) in MP_REACH_NLRI and
     * withdraws them in MP_UNREACH_NLRI, the only way we found to make a daemon send IPv4 in them.
     */
    boolean extendedNextHop(Spec spec) {
        return false;
    }

    /** Withdraws the routes meant to be withdrawn (one IPv4 and one IPv6 prefix). */
    abstract void withdraw() throws Exception;

    /** Ends the v4 session with a NOTIFICATION (administrative shutdown where the daemon can). */
    abstract void ceaseV4() throws Exception;

    /** Ends the v6 session with a NOTIFICATION (administrative reset or another Cease). */
    abstract void ceaseV6() throws Exception;

    /** A line for each session's README: what the config announced (for people re-reading the vectors). */
    abstract String describe(Spec spec);

    @Override
    public void close() {
        Daemons.stop(process);
    }
}
