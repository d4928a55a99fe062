package io.muslin.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (stdout and stderr together) with a 60 s limit. */
public final class Commands {
    private Commands() {
    }

    /** The exit status ({@code -1} when it could not run or timed out) and the output. */
    public record Result(int exit, String output) {
    }

    public static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs the command and returns its output; fails with the output when it exits non-zero. */
    public static String sh(String... command) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " -> exit " + r.exit() + ": " + r.output());
        }
        return r.output();
    }
}
