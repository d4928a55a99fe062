package io.muslin.bgp.interop;

import java.util.List;

/**
 * What a peer daemon is told: its AS and addresses, Muslin's, the session options, and the
 * prefixes it announces. Each daemon has a v4 session (10.77.0.1 ↔ .2) and a v6 one (fd77::1 ↔ ::2).
 */
record DaemonConfig(long as, String routerId, String v4, String v6, long muslinAs, String muslinV4, String muslinV6,
                    String password, int holdTime, List<String> originate4, List<String> originate6) {
    boolean ibgp() {
        return as == muslinAs;
    }
}
