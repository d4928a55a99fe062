package io.muslin.lab.topology;

/** A topology file that cannot be used: the message names the file, the field path and the reason. */
public final class TopologyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopologyException(String message) {
        super(message);
    }
}
