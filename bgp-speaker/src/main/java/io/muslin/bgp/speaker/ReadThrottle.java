package io.muslin.bgp.speaker;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Back-pressure from the RIB to one peer's socket: reading pauses while more than
 * {@code pauseAt} UPDATEs wait for the RIB and resumes once fewer than {@code resumeAt} do.
 *
 * <p>Whether reading is paused is decided and applied on the peer's event loop only, in one
 * step: the RIB's thread only counts down and, when the count is low, asks the loop to look
 * again. Deciding on both threads and applying later on the loop let a resume overtake the
 * pause it answered (the RIB drained the queue between the pause's decision and its hand-over
 * to the loop), which left the socket unread for good.
 */
final class ReadThrottle {
    private final int pauseAt;
    private final int resumeAt;
    private final Executor loop;
    private final Consumer<Boolean> setReading;
    private final AtomicInteger queued = new AtomicInteger();
    /** Written on the loop only; read elsewhere as a hint. */
    private volatile boolean paused;
    private final Runnable doneTask = this::done;
    private final Runnable resumeTask = this::resumeIfDrained;
    /** A resume is queued on the loop and has not run yet: the RIB's thread queues no second one. */
    private final AtomicBoolean resumeQueued = new AtomicBoolean();

    /**
     * @param loop       the peer's event loop
     * @param setReading turns reading on (true) or off, applied at once; called on the loop only
     */
    ReadThrottle(int pauseAt, int resumeAt, Executor loop, Consumer<Boolean> setReading) {
        if (resumeAt < 1 || resumeAt > pauseAt) {
            throw new IllegalArgumentException("resumeAt must be between 1 and pauseAt, got " + resumeAt + " and " + pauseAt);
        }
        this.pauseAt = pauseAt;
        this.resumeAt = resumeAt;
        this.loop = loop;
        this.setReading = setReading;
    }

    /** On the loop: one more UPDATE handed to the RIB; pauses reading when too many wait. */
    void received() {
        if (queued.incrementAndGet() > pauseAt && !paused) {
            paused = true;
            setReading.accept(false);
        }
    }

    /** {@link #done} as one task for every UPDATE (not an object each). */
    Runnable doneTask() {
        return doneTask;
    }

    /** On any thread (the RIB's): one UPDATE applied; asks the loop to resume when few wait. */
    void done() {
        if (queued.decrementAndGet() < resumeAt && paused && resumeQueued.compareAndSet(false, true)) {
            loop.execute(resumeTask);
        }
    }

    /** On the loop: the session ended; reading is on again for the next one. */
    void sessionDown() {
        if (paused) {
            paused = false;
            setReading.accept(true);
        }
    }

    private void resumeIfDrained() {
        resumeQueued.set(false);
        if (paused && queued.get() < resumeAt) {
            paused = false;
            setReading.accept(true);
        }
    }

    boolean paused() {
        return paused;
    }

    int waiting() {
        return queued.get();
    }
}
