package io.muslin.bgp.wire;

/**
 * An error that ends the session: the NOTIFICATION to send (RFC 4271 §6), and a reason in
 * plain words. Recoverable UPDATE errors are results ({@link DecodedMessage}), not exceptions.
 */
public final class BgpProtocolException extends Exception {
    private final Notification notification;

    public BgpProtocolException(Notification notification, String reason) {
        super(notification.describe() + ": " + reason, null, false, false);
        this.notification = notification;
    }

    public BgpProtocolException(int code, int subcode, byte[] data, String reason) {
        this(new Notification(code, subcode, data), reason);
    }

    public BgpProtocolException(int code, int subcode, String reason) {
        this(new Notification(code, subcode), reason);
    }

    public Notification notification() {
        return notification;
    }
}
