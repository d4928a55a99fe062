package io.muslin.exabgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExaBGP as a supervised child process (JDK {@link ProcessBuilder}): started, its output logged
 * line by line through SLF4J, restarted with exponential backoff whenever it exits until
 * {@link #close}, which stops it (SIGTERM, then SIGKILL after five seconds).
 */
public final class ExabgpProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExabgpProcess.class);
    private static final Logger output = LoggerFactory.getLogger("io.muslin.exabgp.output");

    /** Where the supervisor is. */
    public enum State { RUNNING, RESTARTING, STOPPED }

    /** Told of every start and exit, on the supervisor's threads. */
    public interface Listener {
        void started(long pid);

        void exited(long pid, int exitCode);
    }

    private final List<String> command;
    private final Map<String, String> environment;
    private final Duration restartMin;
    private final Duration restartMax;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "exabgp-supervisor");
        t.setDaemon(true);
        return t;
    });
    private Process process;
    private volatile State state = State.STOPPED;
    private volatile long pid = -1;
    private volatile int restarts;
    private volatile Integer lastExitCode;
    private volatile String lastError = "";
    private int deathsInARow;
    private long startedAtNanos;
    private boolean closed;

    public ExabgpProcess(List<String> command, Map<String, String> environment, Duration restartMin, Duration restartMax,
                         Listener listener) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.restartMin = restartMin;
        this.restartMax = restartMax;
        this.listener = listener;
    }

    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the ExaBGP supervisor is closed");
        }
        launch();
    }

    private synchronized void launch() {
        if (closed) {
            return;
        }
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().putAll(environment);
        Process p;
        try {
            p = b.start();
        } catch (IOException e) {
            lastError = "cannot start " + command.getFirst() + ": " + e.getMessage();
            log.error("ExaBGP: {}", lastError);
            scheduleRestart();
            return;
        }
        process = p;
        pid = p.pid();
        startedAtNanos = System.nanoTime();
        state = State.RUNNING;
        log.info("ExaBGP started, pid {}", pid);
        drain(p.getInputStream(), "stdout", p.pid());
        drain(p.getErrorStream(), "stderr", p.pid());
        listener.started(p.pid());
        p.onExit().thenAccept(this::exited);
    }

    private void exited(Process p) {
        int code = p.exitValue();
        synchronized (this) {
            if (p != process) {
                return;
            }
            lastExitCode = code;
            pid = -1;
            if (!closed) {
                lastError = "exited with " + code;
                log.warn("ExaBGP (pid {}) exited with {}", p.pid(), code);
            }
        }
        listener.exited(p.pid(), code);
        synchronized (this) {
            if (!closed) {
                // A process that ran longer than the longest wait was healthy: start the backoff over.
                if (System.nanoTime() - startedAtNanos > restartMax.toNanos()) {
                    deathsInARow = 0;
                }
                scheduleRestart();
            }
        }
    }

    private void scheduleRestart() {
        deathsInARow++;
        long wait = restartMin.toMillis() << Math.min(deathsInARow - 1, 20);
        wait = Math.min(wait, restartMax.toMillis());
        state = State.RESTARTING;
        log.info("ExaBGP: restarting in {} ms", wait);
        timer.schedule(() -> {
            synchronized (this) {
                if (!closed) {
                    restarts++;
                    launch();
                }
            }
        }, wait, TimeUnit.MILLISECONDS);
    }

    private static void drain(InputStream in, String stream, long pid) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        output.warn("exabgp[{}] {}: {}", pid, stream, line);
                    }
                }
            } catch (IOException e) {
                // the process is gone: nothing more to read
            }
        }, "exabgp-" + stream + "-" + pid);
        t.setDaemon(true);
        t.start();
    }

    public State state() {
        return state;
    }

    /** The running process's id, or -1. */
    public long pid() {
        return pid;
    }

    /** How many times it was started again after the first start. */
    public int restarts() {
        return restarts;
    }

    /** The exit code of the last process that ended, or null. */
    public Integer lastExitCode() {
        return lastExitCode;
    }

    /** Why it last stopped or failed to start, or empty. */
    public String lastError() {
        return lastError;
    }

    /** Stops ExaBGP for good and waits for it to end. */
    @Override
    public void close() {
        Process p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            state = State.STOPPED;
            p = process;
        }
        timer.shutdownNow();
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    log.warn("ExaBGP (pid {}) did not stop in 5 s: killing it", p.pid());
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        pid = -1;
        log.info("ExaBGP stopped");
    }
}
