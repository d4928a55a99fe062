package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.TimerKey;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The timers a peer's FSM arms, as tasks scheduled on the peer's event loop. Event loop only. */
final class PeerTimers {
    private final EventLoop loop;
    private final Consumer<TimerKey> fired;
    private final Map<TimerKey, ScheduledFuture<?>> timers = new HashMap<>();

    /** @param fired gets a timer's key when it runs out (on the event loop) */
    PeerTimers(EventLoop loop, Consumer<TimerKey> fired) {
        this.loop = loop;
        this.fired = fired;
    }

    /** Arms the timer, replacing the one of that key if it is running. */
    void arm(TimerKey key, long delayMillis) {
        ScheduledFuture<?> old = timers.put(key, loop.schedule(() -> {
            timers.remove(key);
            fired.accept(key);
        }, delayMillis, TimeUnit.MILLISECONDS));
        if (old != null) {
            old.cancel(false);
        }
    }

    void cancel(TimerKey key) {
        ScheduledFuture<?> old = timers.remove(key);
        if (old != null) {
            old.cancel(false);
        }
    }

    void cancelAll() {
        timers.values().forEach(t -> t.cancel(false));
        timers.clear();
    }
}
