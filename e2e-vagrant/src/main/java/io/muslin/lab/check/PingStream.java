package io.muslin.lab.check;

import io.muslin.lab.driver.LabException;
import io.muslin.lab.driver.Pods.Pod;
import io.muslin.lab.driver.Shell;
import io.muslin.net.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A counted ping stream between two pods (every 50 ms) running while something else happens. */
public final class PingStream implements AutoCloseable {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private final Process process;
    private final Path file;

    private PingStream(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    public static PingStream start(Pod from, IpAddress to) {
        try {
            Path f = Files.createTempFile("muslin-lab-ping", ".txt");
            Process p = new ProcessBuilder(Shell.in(from.namespace(), "ping", "-n", "-q", "-i", "0.05", "-W", "1", to.toString()))
                    .redirectErrorStream(true).redirectOutput(f.toFile()).start();
            return new PingStream(p, f);
        } catch (IOException e) {
            throw new LabException("cannot start a ping stream in " + from.namespace() + ": " + e.getMessage());
        }
    }

    /** Transmitted and received counts. */
    public record Counts(int sent, int received) {
        public int lost() {
            return sent - received;
        }
    }

    /** Stops the stream (SIGINT: ping prints its summary) and returns the counts. */
    public Counts stop() {
        try {
            Shell.run("kill", "-INT", String.valueOf(process.pid()));
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            String out = Files.readString(file);
            Matcher m = SUMMARY.matcher(out);
            if (!m.find()) {
                throw new LabException("no ping summary: " + out);
            }
            return new Counts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (IOException e) {
            throw new LabException("cannot read the ping stream: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
