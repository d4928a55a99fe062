package io.muslin.bgp.transport;

import io.muslin.bgp.wire.Notification;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link BgpPeer} has sent and received: messages, UPDATEs and NOTIFICATIONs by code.
 * Counted on the peer's event loop, read from any thread (status, metrics).
 */
final class PeerCounters {
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong updatesIn = new AtomicLong();
    final AtomicLong updatesOut = new AtomicLong();
    /** NOTIFICATIONs by {@code code << 8 | subcode}, as sent on the wire (a Hard Reset counts as 6/9). */
    private final Map<Integer, AtomicLong> notificationsIn = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> notificationsOut = new ConcurrentHashMap<>();

    void notificationReceived(Notification n) {
        count(notificationsIn, n);
    }

    void notificationSent(Notification n) {
        count(notificationsOut, n);
    }

    /** NOTIFICATIONs received so far by {@code code << 8 | subcode}. */
    Map<Integer, Long> notificationsReceived() {
        return counts(notificationsIn);
    }

    /** NOTIFICATIONs sent so far by {@code code << 8 | subcode}. */
    Map<Integer, Long> notificationsSent() {
        return counts(notificationsOut);
    }

    private static Map<Integer, Long> counts(Map<Integer, AtomicLong> byCode) {
        Map<Integer, Long> out = new HashMap<>();
        byCode.forEach((k, v) -> out.put(k, v.get()));
        return Map.copyOf(out);
    }

    private static void count(Map<Integer, AtomicLong> byCode, Notification n) {
        byCode.computeIfAbsent(n.code() << 8 | n.subcode(), k -> new AtomicLong()).incrementAndGet();
    }
}
