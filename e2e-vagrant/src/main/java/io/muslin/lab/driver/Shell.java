package io.muslin.lab.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine or in one of the lab's network namespaces ({@code ip netns exec}). */
public final class Shell {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Shell() {
    }

    /** Exit status ({@code -1}: could not run or timed out) and stdout+stderr together. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    public static Result run(List<String> command) {
        return run(command, null, LIMIT);
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command} with {@code stdin} (may be null) as its standard input. */
    public static Result run(List<String> command, String stdin, Duration limit) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + limit.toSeconds() + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted: " + String.join(" ", command));
        }
    }

    /** Runs the command and returns its output; throws with the output when it fails. */
    public static String must(String... command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new LabException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().strip());
        }
        return r.output();
    }

    /** The command prefixed with {@code ip netns exec NAMESPACE}. */
    public static List<String> in(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    public static Result runIn(String namespace, String... command) {
        return run(in(namespace, command));
    }

    public static String mustIn(String namespace, String... command) {
        Result r = runIn(namespace, command);
        if (!r.ok()) {
            throw new LabException("in " + namespace + ": " + String.join(" ", command) + " failed (" + r.exit() + "): "
                    + r.output().strip());
        }
        return r.output();
    }

    /** Starts a long-running process in a namespace, its output to {@code log}; it outlives this JVM. */
    public static Process startIn(String namespace, Path log, List<String> command, java.util.Map<String, String> env) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + " in " + namespace + ": " + e.getMessage());
        }
    }
}
