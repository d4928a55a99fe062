package io.muslin.routing.linux;

import io.muslin.routing.reconcile.KernelWrites;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between {@link RouteProgrammer}'s loop and its {@code route-writer} thread: the
 * loop hands planned batches over, oldest first, and the writer sends each to the kernel as soon
 * as the one before is done, without waiting for the loop. A finished batch goes back under the
 * programmer's lock and signals its condition, so the loop wakes for it as for any other input;
 * the loop takes the outcomes back in the order it handed the batches over.
 * <p>{@link #start}, {@link #inFlight}, {@link #takeOldest} and {@link #shutdown}: the loop's
 * thread only; {@link #outcomeWaiting}: with the programmer's lock held.
 */
final class BatchWriter {
    /** A batch the writer finished, with what went wrong (null: nothing). */
    record Done(KernelWrites writes, RuntimeException failure) {
    }

    private final ReentrantLock lock;
    private final Condition wake;
    /** Sends one batch to the kernel while the loop plans the next. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("route-writer").unstarted(r));
    /** Guarded by lock: batches the writer has finished, oldest first; the loop takes them. */
    private final ArrayDeque<Done> written = new ArrayDeque<>();
    /** Loop thread only: batches handed to the writer and not yet taken back, oldest first (at most two, one in the kernel and the next). */
    private final ArrayDeque<KernelWrites> inFlight = new ArrayDeque<>();

    BatchWriter(ReentrantLock lock, Condition wake) {
        this.lock = lock;
        this.wake = wake;
    }

    /** Hands {@code w} to the writer: it goes out right after the batch in the kernel, if any, with no wait for the loop. */
    void start(KernelWrites w) {
        inFlight.addLast(w);
        writer.execute(() -> {
            RuntimeException failure = null;
            try {
                w.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            lock.lock();
            try {
                written.addLast(new Done(w, failure));
                wake.signal();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Batches handed over and not yet taken back. */
    int inFlight() {
        return inFlight.size();
    }

    /** Called with the lock held: has the writer finished a batch the loop has not taken? */
    boolean outcomeWaiting() {
        return !written.isEmpty();
    }

    /** Waits for the oldest batch handed over to finish and takes it back. */
    Done takeOldest() {
        Done d;
        lock.lock();
        try {
            while (written.isEmpty()) {
                wake.awaitUninterruptibly();
            }
            d = written.pollFirst();
        } finally {
            lock.unlock();
        }
        KernelWrites w = inFlight.pollFirst();
        if (d.writes() != w) {
            throw new IllegalStateException("the writer finished batches out of order");
        }
        return d;
    }

    /** Stops the writer thread (after {@link #takeOldest} took back everything handed over). */
    void shutdown() {
        writer.shutdownNow();
    }
}
