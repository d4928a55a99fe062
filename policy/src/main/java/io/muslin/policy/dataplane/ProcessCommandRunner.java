package io.muslin.policy.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs with the JDK's {@link ProcessBuilder}. An optional prefix such as
 * {@code ip netns exec mpol-x} runs every command inside another network namespace (tests and
 * benchmarks use that; the agent runs in the host's namespace and needs none).
 */
public final class ProcessCommandRunner implements CommandRunner {

    private final List<String> prefix;
    private final long timeoutMillis;

    public ProcessCommandRunner(List<String> prefix, long timeoutMillis) {
        this.prefix = List.copyOf(prefix);
        this.timeoutMillis = timeoutMillis;
    }

    public ProcessCommandRunner() {
        this(List.of(), 60_000);
    }

    /** Every command runs inside network namespace {@code netns} (through {@code ip netns exec}). */
    public static ProcessCommandRunner inNetns(String netns) {
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", netns), 120_000);
    }

    @Override
    public Result run(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(argv, 127, "", "cannot start " + argv.getFirst() + ": " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null && !stdin.isEmpty()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program exited without reading all its input; its exit code and stderr say why.
        }
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Result(argv, 124, out.join(), err.join() + "\ntimed out after " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(argv, 130, "", "interrupted");
        }
        return new Result(argv, p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}
