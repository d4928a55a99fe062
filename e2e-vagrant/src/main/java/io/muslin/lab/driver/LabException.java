package io.muslin.lab.driver;

/** The lab could not be built, checked or taken down; the message says which step and why. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
