package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import java.nio.file.Path;
import java.util.Set;

/** A real BGP daemon in its own network namespace, started and stopped by the test. */
interface PeerDaemon extends AutoCloseable {
    String name();

    /** Null when the daemon can run here, else why not (the test reports a skip with it). */
    String unavailableReason();

    void start(Netns ns, Path dir, DaemonConfig config) throws Exception;

    /** True for daemons that only connect out: Muslin then waits for them. */
    default boolean muslinPassive() {
        return false;
    }

    /** Prefixes in the daemon's own RIB that it learned from Muslin (asked with its own CLI). */
    Set<String> prefixesFromMuslin() throws Exception;

    /** The daemon's process (to freeze it with SIGSTOP, or to kill it). */
    ProcessHandle process();

    /** Stops the daemon (like a crash when {@code hard}) and starts it again with the same config. */
    void restart() throws Exception;

    @Override
    void close();
}
