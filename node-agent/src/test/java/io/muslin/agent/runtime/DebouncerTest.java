package io.muslin.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** On a hand-driven clock and scheduler: what runs when. */
class DebouncerTest {
    long now;
    int runs;
    final List<Scheduled> queue = new ArrayList<>();

    record Scheduled(long at, Runnable task, CompletableFuture<Void> future) {}

    Debouncer debouncer() {
        return new Debouncer((task, delay) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            queue.add(new Scheduled(now + delay.toNanos(), task, f));
            return f;
        }, () -> now, () -> runs++);
    }

    /** Moves the clock and runs what is due and was not cancelled. */
    void advance(Duration d) {
        now += d.toNanos();
        for (Scheduled s : List.copyOf(queue)) {
            if (s.at() <= now) {
                queue.remove(s);
                if (!s.future().isCancelled()) {
                    s.task().run();
                    s.future().complete(null);
                }
            }
        }
    }

    @Test
    void aBurstOfRequestsIsOneRun() {
        Debouncer d = debouncer();
        for (int i = 0; i < 50; i++) {
            d.request(Duration.ofMillis(20));
            advance(Duration.ofNanos(100_000));
        }
        assertThat(runs).isZero();
        advance(Duration.ofMillis(20));
        assertThat(runs).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(runs).as("nothing more without a request").isEqualTo(1);
        d.request(Duration.ofMillis(20));
        advance(Duration.ofMillis(20));
        assertThat(runs).as("a later request is a new run").isEqualTo(2);
    }

    @Test
    void anUrgentRequestBringsThePendingRunForward() {
        Debouncer d = debouncer();
        d.request(Duration.ofMillis(20));
        d.request(Duration.ZERO);
        advance(Duration.ZERO);
        assertThat(runs).isEqualTo(1);
        advance(Duration.ofMillis(50));
        assertThat(runs).as("the cancelled slow run does not run too").isEqualTo(1);
    }

    @Test
    void aRequestWhileRunningSchedulesAnotherRun() {
        List<Debouncer> self = new ArrayList<>();
        Debouncer d = new Debouncer((task, delay) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            queue.add(new Scheduled(now + delay.toNanos(), task, f));
            return f;
        }, () -> now, () -> {
            runs++;
            if (runs == 1) {
                self.getFirst().request(Duration.ofMillis(20)); // a change arrives during the pass
            }
        });
        self.add(d);
        d.request(Duration.ofMillis(20));
        advance(Duration.ofMillis(20));
        assertThat(runs).isEqualTo(1);
        advance(Duration.ofMillis(20));
        assertThat(runs).isEqualTo(2);
    }
}
