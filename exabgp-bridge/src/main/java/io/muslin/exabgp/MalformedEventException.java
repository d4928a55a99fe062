package io.muslin.exabgp;

/** A line from ExaBGP that is not an event the bridge understands; the message says what is wrong. */
public final class MalformedEventException extends Exception {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
