package io.muslin.bgp.fsm;

/**
 * One TCP connection of a {@link SessionFsm} to its peer, from the attempt to its end: which way
 * it was opened, how far its OPEN exchange got, when the peer last spoke on it and, from
 * OpenConfirm on, what the OPENs agreed.
 */
final class Connection {
    final int id;
    final Direction direction;
    SessionState state;
    long lastReceived;
    Negotiated negotiated;

    Connection(int id, Direction direction, SessionState state) {
        this.id = id;
        this.direction = direction;
        this.state = state;
    }
}
