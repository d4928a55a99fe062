package io.muslin.lab.check;

import io.muslin.lab.driver.LabException;
import io.muslin.lab.driver.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ip monitor route} in a node's namespace for the length of a scenario: every route change
 * the kernel announces, so that a deletion of one of Muslin's routes (protocol 77) cannot pass unseen.
 */
public final class RouteMonitor implements AutoCloseable {
    /** The route protocol number the route programmer writes its routes with. */
    public static final String MUSLIN_PROTO = "proto 77";
    private final Process process;
    private final Path file;
    private final String namespace;

    private RouteMonitor(String namespace, Process process, Path file) {
        this.namespace = namespace;
        this.process = process;
        this.file = file;
    }

    public static RouteMonitor start(String namespace) {
        try {
            Path f = Files.createTempFile("muslin-lab-routes", ".txt");
            Process p = new ProcessBuilder(Shell.in(namespace, "ip", "monitor", "route")).redirectErrorStream(true)
                    .redirectOutput(f.toFile()).start();
            Thread.sleep(300);
            return new RouteMonitor(namespace, p, f);
        } catch (IOException e) {
            throw new LabException("cannot start ip monitor in " + namespace + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    /** Every deletion of a Muslin route seen so far. */
    public List<String> muslinRouteDeletions() {
        try {
            return Arrays.stream(Files.readString(file).split("\n"))
                    .filter(l -> l.startsWith("Deleted") && l.contains(MUSLIN_PROTO)).toList();
        } catch (IOException e) {
            throw new LabException("cannot read the route monitor of " + namespace + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
