package io.muslin.agent.runtime;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Runs a task once for a burst of requests: the first request schedules it {@code delay} later
 * and every request made before it runs joins that run; a request with a shorter delay (an own
 * block claimed: now) brings the run forward. A request made while the task runs schedules one
 * more run, so no change is missed.
 */
public final class Debouncer {
    /** Where the task runs later (the controller's one thread). */
    @FunctionalInterface
    public interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);
    }

    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Runnable task;
    private Future<?> pending;
    private long dueNanos;

    public Debouncer(Scheduler scheduler, LongSupplier nanoTime, Runnable task) {
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.task = task;
    }

    /** The task runs at most {@code delay} from now, together with every other request until then. */
    public synchronized void request(Duration delay) {
        long due = nanoTime.getAsLong() + delay.toNanos();
        if (pending != null) {
            if (dueNanos - due <= 0) {
                return;
            }
            if (!pending.cancel(false)) {
                return;
            }
        }
        dueNanos = due;
        pending = scheduler.schedule(this::run, delay);
    }

    private void run() {
        synchronized (this) {
            pending = null;
        }
        task.run();
    }
}
