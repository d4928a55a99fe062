package io.muslin.netlink.linux;

import io.muslin.netlink.NetlinkException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Network namespaces by name ({@code /var/run/netns/NAME}, as {@code ip netns add} makes them).
 * {@link #callIn} runs code on a fresh platform thread that has entered the namespace with
 * {@code setns(2)}: sockets opened there stay in that namespace after the thread ends.
 */
public final class Netns {
    private Netns() {
    }

    public static String path(String name) {
        if (name.contains("/") || name.isEmpty() || name.equals("..")) {
            throw new IllegalArgumentException("bad namespace name: " + name);
        }
        return "/var/run/netns/" + name;
    }

    /** Runs {@code body} inside the named namespace and returns its result. */
    public static <T> T callIn(String name, Supplier<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + name).unstarted(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment st = Libc.newState(arena);
                int target = openFd(arena, st, path(name));
                int self = openFd(arena, st, "/proc/thread-self/ns/net");
                try {
                    if (Libc.setns(st, target, Libc.CLONE_NEWNET) < 0) {
                        throw new NetlinkException("setns(" + path(name) + ")", Libc.errno(st), null);
                    }
                    try {
                        result.set(body.get());
                    } finally {
                        // Back home: the thread ends anyway, but leave nothing odd behind.
                        Libc.setns(st, self, Libc.CLONE_NEWNET);
                    }
                } finally {
                    Libc.close(st, target);
                    Libc.close(st, self);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while entering namespace " + name, e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
        return result.get();
    }

    /** Opens a file read-only and close-on-exec; the caller closes the descriptor. */
    static int openFd(Arena arena, MemorySegment st, String path) {
        int fd = Libc.open(st, arena.allocateFrom(path), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new NetlinkException("open(" + path + ")", Libc.errno(st), null);
        }
        return fd;
    }

    static void closeFd(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.newState(arena), fd);
        }
    }
}
