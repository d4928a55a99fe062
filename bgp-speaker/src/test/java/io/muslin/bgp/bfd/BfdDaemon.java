package io.muslin.bgp.bfd;

import io.muslin.testing.Netns;
import java.nio.file.Path;

/** A real BFD implementation in its own namespace, for interop tests. */
interface BfdDaemon extends AutoCloseable {
    String name();

    /** Why it cannot run here, or null. */
    String unavailableReason();

    /** Starts with one session to {@code peer} from {@code local}. */
    void start(Netns ns, Path dir, String local, String peer, boolean multihop, int rxMs, int txMs, int mult) throws Exception;

    /** Changes the session's timers while it runs. */
    void setTimers(int rxMs, int txMs, int mult) throws Exception;

    /** The session's state as the daemon shows it: "up", "down", "init", ... */
    String state();

    @Override
    void close();
}
