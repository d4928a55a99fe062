package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.wire.Update;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where an established peer pulls its UPDATEs from. The peer asks only while its socket is
 * writable, one request at a time, so a slow peer never makes the speaker buffer without bound
 * (BIRD's pull-based sending); {@link BgpPeer#exportReady()} says there is something new. The
 * source may answer on its own thread (the RIB's).
 */
public interface OutboundUpdates {
    /**
     * The session is established: start from the beginning for this session.
     *
     * @param local this end of the connection (the next hop when advertising "next hop self")
     */
    void reset(Negotiated negotiated, InetSocketAddress local);

    /** Asks for up to {@code max} UPDATEs; {@code sink} gets them (an empty list when none is pending). */
    void request(int max, Consumer<List<Update>> sink);

}
