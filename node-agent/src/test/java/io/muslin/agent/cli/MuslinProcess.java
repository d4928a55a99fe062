package io.muslin.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/muslin} (the packaged jar) as a user would, and captures what it prints. */
final class MuslinProcess {
    static final Path BIN = Path.of("..", "bin", "muslin").toAbsolutePath().normalize();

    /** What one run printed and how it ended. */
    record Result(int exit, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private MuslinProcess() {
    }

    /** The process environment without MUSLIN_* variables, plus {@code env}; the AOT cache off unless asked for. */
    static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("MUSLIN_"));
        pb.environment().put("MUSLIN_AOT", "0");
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = builder(env, args).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("muslin " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(p.exitValue(), out.join(), err.join(), (System.nanoTime() - start) / 1_000_000);
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The build must have run: the ITs test the packaged command, never classes. */
    static void requireBuilt() {
        if (!Files.isRegularFile(Path.of("target", "muslin-node-agent.jar")) || !Files.isDirectory(Path.of("target", "lib"))) {
            throw new IllegalStateException("target/muslin-node-agent.jar is missing: run the ITs through mvn verify");
        }
    }
}
