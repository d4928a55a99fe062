package io.muslin.netlink.linux;

import io.muslin.testing.Commands;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scratch network namespaces for real-kernel tests, named {@code mnl-<pid>-<n>}: created with
 * {@code ip netns add}, removed on {@link #close()} and, should a test die, by a shutdown hook.
 * Tests use {@code ip} to set up and to check independently of the code under test.
 */
final class TestNetns implements AutoCloseable {
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TestNetns::delete)));
    }

    final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** Skips the calling test (with the reason) unless we are root with iproute2. */
    static void assumeRootWithIproute2() {
        assumeTrue(isRoot(), "needs root (CAP_NET_ADMIN) to create network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "needs iproute2 (ip) to create and inspect namespaces");
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static TestNetns create(String prefix) {
        assumeRootWithIproute2();
        String name = prefix + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        LIVE.add(name);
        sh("ip", "netns", "add", name);
        return new TestNetns(name);
    }

    /** Runs {@code ip ...} (or any command) inside this namespace; fails the test on non-zero exit. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return sh(cmd.toArray(String[]::new));
    }

    static String sh(String... cmd) {
        return Commands.sh(cmd);
    }

    static Commands.Result run(String... cmd) {
        return Commands.run(cmd);
    }

    private static void delete(String name) {
        run("ip", "netns", "del", name);
    }

    @Override
    public void close() {
        delete(name);
        LIVE.remove(name);
    }
}
