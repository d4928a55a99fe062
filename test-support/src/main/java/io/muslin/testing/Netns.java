package io.muslin.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test and always removed (also at JVM exit). Commands run in
 * it through {@code ip netns exec}; Java sockets are created in it by {@link #executor()}, a
 * thread that entered the namespace with setns(2) (a socket stays in the namespace it was made in).
 */
public final class Netns implements AutoCloseable {
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final int CLONE_NEWNET = 0x40000000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String n : LIVE) {
                killAll(n);
                Commands.run(List.of("ip", "netns", "del", n));
            }
        }));
    }

    private final String name;
    private ExecutorService executor;

    private Netns(String name) {
        this.name = name;
    }

    /** Why namespace tests cannot run here, or null when they can (pass it to {@link Prerequisites#require}). */
    public static String unavailableReason() {
        String root = Prerequisites.rootReason();
        if (root != null) {
            return root;
        }
        Commands.Result r = Commands.run(List.of("ip", "netns", "list"));
        return r.exit() == 0 ? null : "ip netns does not work: " + r.output();
    }

    public static Netns create(String name) {
        Netns ns = new Netns(name);
        Commands.run(List.of("ip", "netns", "del", name));
        ns.check(Commands.run(List.of("ip", "netns", "add", name)), "ip netns add " + name);
        LIVE.add(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs a command in the namespace; fails the test with its output when it fails. */
    public String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        Commands.Result r = Commands.run(full);
        return check(r, String.join(" ", command));
    }

    /** Runs a command in the namespace and returns its result whatever the exit code. */
    public Commands.Result tryExec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Commands.run(full);
    }

    /** Starts a long-running process in the namespace, output to {@code log}. */
    public Process start(Path log, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Connects two namespaces with a veth pair and gives each end its addresses (CIDR form). */
    public static void link(Netns a, String aDev, List<String> aAddrs, Netns b, String bDev, List<String> bAddrs) {
        String tmpA = "mt" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
        String tmpB = tmpA + "p";
        require(Commands.run(List.of("ip", "link", "add", tmpA, "netns", a.name, "type", "veth", "peer", "name", tmpB, "netns", b.name)),
                "ip link add veth");
        a.exec("ip", "link", "set", tmpA, "name", aDev);
        b.exec("ip", "link", "set", tmpB, "name", bDev);
        for (var side : List.of(new Object[] {a, aDev, aAddrs}, new Object[] {b, bDev, bAddrs})) {
            Netns ns = (Netns) side[0];
            String dev = (String) side[1];
            @SuppressWarnings("unchecked")
            List<String> addrs = (List<String>) side[2];
            ns.exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
            ns.exec("sysctl", "-qw", "net.ipv6.conf." + dev + ".accept_dad=0");
            for (String addr : addrs) {
                if (addr.contains(":")) {
                    ns.exec("ip", "addr", "add", addr, "dev", dev, "nodad");
                } else {
                    ns.exec("ip", "addr", "add", addr, "dev", dev);
                }
            }
            ns.exec("ip", "link", "set", dev, "up");
        }
    }

    /** Makes a bridge {@code name} in this namespace (a switch for several hosts). */
    public void bridge(String name) {
        exec("ip", "link", "add", name, "type", "bridge");
        exec("ip", "link", "set", name, "up");
    }

    /** Plugs {@code host} into this namespace's bridge with a veth; the host end gets {@code addrs}. */
    public void plug(String bridge, Netns host, String hostDev, List<String> addrs) {
        String port = "p" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
        Netns.link(this, port, List.of(), host, hostDev, addrs);
        exec("ip", "link", "set", port, "master", bridge);
    }

    /** A single thread inside this namespace: sockets created on it belong to the namespace. */
    public synchronized ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> new Thread(() -> {
                enter(name);
                r.run();
            }, "netns-" + name));
        }
        return executor;
    }

    private static void enter(String name) {
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int fd = (int) open.invokeExact(arena.allocateFrom("/var/run/netns/" + name), 0);
            if (fd < 0) {
                throw new IllegalStateException("cannot open /var/run/netns/" + name);
            }
            int rc = (int) setns.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) close.invokeExact(fd);
            if (rc != 0) {
                throw new IllegalStateException("setns into " + name + " failed");
            }
        } catch (Throwable t) {
            throw new IllegalStateException("cannot enter network namespace " + name, t);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killAll(name);
        Commands.run(List.of("ip", "netns", "del", name));
        LIVE.remove(name);
    }

    /** Processes still running in the namespace are the test's own: end them before it is deleted. */
    private static void killAll(String namespace) {
        Commands.Result pids = Commands.run(List.of("ip", "netns", "pids", namespace));
        for (String pid : pids.output().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private String check(Commands.Result r, String what) {
        if (r.exit() != 0) {
            throw new IllegalStateException(what + " (in " + name + ") failed with " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    private static String require(Commands.Result r, String what) {
        if (r.exit() != 0) {
            throw new IllegalStateException(what + " failed with " + r.exit() + ": " + r.output());
        }
        return r.output();
    }
}
