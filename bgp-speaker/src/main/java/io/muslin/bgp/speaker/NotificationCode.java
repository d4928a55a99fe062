package io.muslin.bgp.speaker;

import io.muslin.bgp.wire.Notification;

/** A NOTIFICATION's error code and subcode (RFC 4271 §4.5), the key of the per-peer counters. */
public record NotificationCode(int code, int subcode) implements Comparable<NotificationCode> {
    static NotificationCode of(int packed) {
        return new NotificationCode(packed >>> 8, packed & 0xFF);
    }

    /** The registered name in GoBGP's style, e.g. {@code administrative-shutdown}. */
    public String name() {
        return Notification.name(code, subcode);
    }

    @Override
    public int compareTo(NotificationCode o) {
        int c = Integer.compare(code, o.code);
        return c != 0 ? c : Integer.compare(subcode, o.subcode);
    }

    /** {@code 6/2}. */
    @Override
    public String toString() {
        return code + "/" + subcode;
    }
}
