package io.muslin.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd for tests: Debian's {@code etcd} on loopback, random free ports, a temporary data
 * directory (on tmpfs when {@code inMemoryDisk}, so fsync is cheap), stopped by its PID on
 * {@link #close()} and by a JVM shutdown hook should the test die. {@link #restart()} keeps the
 * data. A missing etcd goes through {@link Prerequisites#require}: skipped with the reason
 * outside CI, a failure under CI.
 */
public final class EtcdProcess implements AutoCloseable {
    private static final String[] BINARIES = {"/usr/bin/etcd", "/usr/local/bin/etcd"};
    private static final String[] CTL_BINARIES = {"/usr/bin/etcdctl", "/usr/local/bin/etcdctl"};

    private final Path binary;
    private final Path dataDir;
    private final int clientPort;
    private final int peerPort;
    private final Thread hook;
    private final List<String> extraArgs;
    private final boolean tls;
    private Process process;

    private EtcdProcess(Path binary, Path dataDir, int clientPort, int peerPort, List<String> extraArgs, boolean tls) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
        this.hook = new Thread(this::killQuietly, "etcd-test-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The etcd binary, if installed. */
    public static Optional<Path> findBinary() {
        for (String p : BINARIES) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** Null when etcd is installed, else why the test cannot run. */
    public static String missingReason() {
        return Prerequisites.executableReason("etcd-server", BINARIES);
    }

    /** Starts etcd over plain http; a missing etcd skips (or, under CI, fails) the calling test. */
    public static EtcdProcess start(boolean inMemoryDisk) {
        return start(inMemoryDisk, null);
    }

    /**
     * Starts etcd serving clients over TLS with client-certificate authentication: {@code tls}
     * holds ca.crt, server.crt and server.key (PEM). Null for plain http.
     */
    public static EtcdProcess start(boolean inMemoryDisk, Path tls) {
        Prerequisites.require(missingReason());
        try {
            Path base = inMemoryDisk && Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Path dir = Files.createTempDirectory(base, "muslin-etcd-");
            List<String> extra = tls == null ? List.of() : List.of("--cert-file", tls.resolve("server.crt").toString(),
                    "--key-file", tls.resolve("server.key").toString(), "--client-cert-auth",
                    "--trusted-ca-file", tls.resolve("ca.crt").toString());
            EtcdProcess p = new EtcdProcess(findBinary().orElseThrow(), dir, freePort(), freePort(), extra, tls != null);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start etcd: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    private synchronized void launch() throws IOException {
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--name", "muslin-test",
                "--data-dir", dataDir.resolve("data").toString(),
                "--listen-client-urls", endpoint(),
                "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "muslin-test=" + peer,
                "--logger", "zap", "--log-level", "warn"));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("etcd.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        process = pb.start();
        waitHealthy(Duration.ofSeconds(30));
    }

    private void waitHealthy(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + "; log: " + log());
            }
            if (tls) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), clientPort)) {
                    return;
                } catch (IOException e) {
                    sleep(50);
                    continue;
                }
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for etcd");
            }
            sleep(50);
        }
        throw new IOException("etcd not healthy within " + timeout + "; log: " + log());
    }

    private String log() {
        try {
            String s = Files.readString(dataDir.resolve("etcd.log"));
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s); the data stays. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills etcd with SIGKILL (a crash); the data stays. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts etcd again on the same ports and data. */
    public synchronized void startAgain() {
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart etcd: " + e.getMessage(), e);
        }
    }

    public void restart() {
        stop();
        startAgain();
    }

    /** Compacts etcd's history up to {@code revision}: watches from before it are told so. */
    public void compact(long revision) {
        etcdctl("compact", Long.toString(revision));
    }

    /** Runs etcdctl against this etcd (compaction, users); returns its output. */
    public String etcdctl(String... args) {
        Prerequisites.require(Prerequisites.executableReason("etcd-client", CTL_BINARIES));
        List<String> cmd = new ArrayList<>(List.of(Prerequisites.executable(CTL_BINARIES).toString(),
                "--endpoints", endpoint()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("ETCDCTL_API", "3");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("etcdctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // JVM shutting down
        }
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
