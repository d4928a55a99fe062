package io.muslin.agent.cli;

/** A command failed for a reason the user can act on: printed as one line, with this exit status. */
final class CliException extends RuntimeException {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    static CliException badInput(String message) {
        return new CliException(BAD_INPUT, message);
    }

    int exitCode() {
        return exitCode;
    }
}
