package io.muslin.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The RIB's back-pressure on a peer's socket, with the event loop under the test's control: the
 * socket's reading state is what the throttle last applied, recorded apart from the throttle.
 */
class ReadThrottleTest {
    private static final int PAUSE_AT = 256;
    private static final int RESUME_AT = 32;

    /** An event loop the test runs by hand; the socket's reading state as last set. */
    private static final class ManualLoop {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean reading = true;

        ReadThrottle throttle() {
            return new ReadThrottle(PAUSE_AT, RESUME_AT, tasks::add, on -> reading = on);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @Test
    void aDrainThatEndsBeforeTheLoopRunsAgainStillResumesReading() {
        ManualLoop loop = new ManualLoop();
        ReadThrottle t = loop.throttle();
        for (int i = 0; i < PAUSE_AT + 1; i++) {
            t.received();
        }
        // the pause is in force when the decision is taken, not when the loop gets to it
        assertThat(loop.reading).isFalse();
        // the RIB applies everything before the loop runs anything else
        for (int i = 0; i < PAUSE_AT + 1; i++) {
            t.done();
        }
        loop.runAll();
        assertThat(loop.reading).isTrue();
        assertThat(t.paused()).isFalse();
        assertThat(t.waiting()).isZero();
    }

    @Test
    void aResumeAskedForWhileTheQueueFillsAgainWaitsForTheNextDrain() {
        ManualLoop loop = new ManualLoop();
        ReadThrottle t = loop.throttle();
        for (int i = 0; i < PAUSE_AT + 1; i++) {
            t.received();
        }
        for (int i = 0; i < PAUSE_AT + 1 - (RESUME_AT - 1); i++) {
            t.done();
        }
        assertThat(loop.tasks).isNotEmpty();
        // frames already read are handed over before the loop looks again
        for (int i = 0; i < PAUSE_AT; i++) {
            t.received();
        }
        loop.runAll();
        assertThat(loop.reading).isFalse();
        for (int i = 0; i < PAUSE_AT + RESUME_AT - 1; i++) {
            t.done();
        }
        loop.runAll();
        assertThat(loop.reading).isTrue();
        assertThat(t.waiting()).isZero();
    }

    @Test
    void everyInterleavingEndsReadingOnceTheRibIsDone() {
        Random random = new Random(4271);
        for (int run = 0; run < 2_000; run++) {
            ManualLoop loop = new ManualLoop();
            ReadThrottle t = loop.throttle();
            int handedOver = 0;
            int applied = 0;
            int total = 100 + random.nextInt(2_000);
            while (applied < total) {
                int step = random.nextInt(3);
                if (step == 0 && handedOver < total && (loop.reading || random.nextInt(8) == 0)) {
                    // the loop hands frames over while reading (and a few read before the pause took hold)
                    t.received();
                    handedOver++;
                } else if (step == 1 && applied < handedOver) {
                    t.done();
                    applied++;
                } else if (step == 2 && !loop.tasks.isEmpty()) {
                    loop.tasks.poll().run();
                } else if (handedOver == applied && handedOver < total) {
                    t.received();
                    handedOver++;
                }
            }
            loop.runAll();
            assertThat(loop.reading).as("run %d: reading once the RIB applied all %d UPDATEs", run, total).isTrue();
            assertThat(t.waiting()).isZero();
        }
    }

    @Test
    void onRealThreadsReadingIsOnWhenTheRibHasAppliedEverything() throws Exception {
        ExecutorService loopThread = Executors.newSingleThreadExecutor();
        ExecutorService ribThread = Executors.newSingleThreadExecutor();
        try {
            for (int run = 0; run < 200; run++) {
                AtomicBoolean reading = new AtomicBoolean(true);
                ReadThrottle t = new ReadThrottle(PAUSE_AT, RESUME_AT, loopThread, reading::set);
                int total = 3_000;
                // the loop hands over an UPDATE only while reading (as a socket with auto-read off would)
                int[] sent = {0};
                Runnable[] feed = new Runnable[1];
                feed[0] = () -> {
                    int burst = 0;
                    while (sent[0] < total && reading.get() && burst++ < 64) {
                        t.received();
                        sent[0]++;
                        ribThread.execute(t::done);
                    }
                    if (sent[0] < total) {
                        loopThread.execute(feed[0]);
                    }
                };
                loopThread.execute(feed[0]);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    int[] state = new int[2];
                    loopThread.submit(() -> {
                        state[0] = sent[0];
                        state[1] = reading.get() ? 1 : 0;
                    }).get();
                    ribThread.submit(() -> { }).get();
                    loopThread.submit(() -> { }).get();
                    if (state[0] == total && t.waiting() == 0) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("run %d: every UPDATE handed over (%d of %d)", run, state[0], total)
                            .isLessThan(deadline);
                    Thread.sleep(1);
                }
                loopThread.submit(() -> { }).get();
                assertThat(reading.get()).isTrue();
            }
        } finally {
            loopThread.shutdownNow();
            ribThread.shutdownNow();
        }
    }
}
