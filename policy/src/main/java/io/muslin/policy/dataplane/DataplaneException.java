package io.muslin.policy.dataplane;

/**
 * A tool refused our input. When it named a line, {@code lineNumber} and {@code line} are that
 * line of what we fed it (1-based), otherwise 0 and null.
 */
public final class DataplaneException extends RuntimeException {

    private final int lineNumber;
    private final String line;

    public DataplaneException(String message, int lineNumber, String line) {
        super(lineNumber > 0 ? message + " [line " + lineNumber + ": " + line + "]" : message);
        this.lineNumber = lineNumber;
        this.line = line;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }

    /** The failing line of {@code input} when {@code stderr} names one with {@code marker} N. */
    static DataplaneException fromToolOutput(String what, String input, CommandRunner.Result r, String marker) {
        int n = 0;
        String err = r.stderr();
        int i = err.indexOf(marker);
        if (i >= 0) {
            int start = i + marker.length();
            int end = start;
            while (end < err.length() && Character.isDigit(err.charAt(end))) {
                end++;
            }
            if (end > start) {
                n = Integer.parseInt(err.substring(start, end));
            }
        }
        String[] lines = input.split("\n", -1);
        String line = n > 0 && n <= lines.length ? lines[n - 1] : null;
        return new DataplaneException(what + " failed: " + r.describe(), line == null ? 0 : n, line);
    }
}
