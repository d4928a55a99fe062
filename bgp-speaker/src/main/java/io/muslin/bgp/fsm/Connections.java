package io.muslin.bgp.fsm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session machine's connections to its peer by id, in the order they were made: at most one
 * established, others still connecting or exchanging OPENs (RFC 4271 §6.8 lets them overlap).
 */
final class Connections {
    private final Map<Integer, Connection> byId = new LinkedHashMap<>();
    private int nextId = 1;

    /** A fresh connection id, never used before by this machine. */
    int newId() {
        return nextId++;
    }

    Connection get(int id) {
        return byId.get(id);
    }

    void put(Connection c) {
        byId.put(c.id, c);
    }

    Connection remove(int id) {
        return byId.remove(id);
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** A copy, in the order the connections were made: safe to remove from while going through it. */
    List<Connection> all() {
        return List.copyOf(byId.values());
    }

    /** The established connection, or null. */
    Connection established() {
        for (Connection c : byId.values()) {
            if (c.state == SessionState.ESTABLISHED) {
                return c;
            }
        }
        return null;
    }

    /** Some connection is past Connect: a session is being opened or is open. */
    boolean sessionInProgress() {
        return byId.values().stream().anyMatch(o -> o.state != SessionState.CONNECT);
    }

    /** The furthest state a connection has reached, or null when there is none. */
    SessionState furthestState() {
        SessionState best = null;
        for (Connection c : byId.values()) {
            if (best == null || c.state.ordinal() > best.ordinal()) {
                best = c.state;
            }
        }
        return best;
    }
}
