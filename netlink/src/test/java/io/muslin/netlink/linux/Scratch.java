package io.muslin.netlink.linux;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scratch namespaces for the real-kernel tests, {@code mnl-<pid>-<n>}: the test states that it
 * needs root and iproute2 (skipped with the reason outside CI, failed under CI), and the
 * namespace is removed on close and at JVM exit.
 */
final class Scratch {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Scratch() {
    }

    static Netns namespace() {
        Prerequisites.require(Netns.unavailableReason());
        return Netns.create("mnl-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    }
}
