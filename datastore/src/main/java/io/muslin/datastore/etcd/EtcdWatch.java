package io.muslin.datastore.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A resumable watch. jetcd's own resume is bypassed: on any stream error this closes the jetcd
 * watcher and opens a new one from (last revision received + 1) after a back-off, and drops
 * anything at or below that revision, so the listener sees every revision once. etcd never splits
 * one revision's events across responses, which makes "last revision received" a safe cursor.
 *
 * <p>Events carry the previous value (etcd's {@code prev_kv}). {@link #requestProgress()} asks etcd
 * for a progress notification, passed on as {@link WatchListener#onProgress}; it never moves the
 * cursor (etcd 3.4 may send one before every earlier event was sent).
 *
 * <p>Locking: jetcd calls back while holding its own lock, so this class never calls into jetcd
 * while holding {@code lock}.
 */
final class EtcdWatch implements Watch {
    private final EtcdDatastore store;
    private final String prefix;
    private final WatchListener listener;
    private final ExecutorService delivery;
    private final Object lock = new Object();
    private Attempt current;
    private long received;
    private volatile long delivered;
    private long backoffMs;
    private boolean connected = true;
    private boolean closed;

    /** One jetcd watcher; callbacks from an attempt that is no longer current are ignored. */
    private static final class Attempt {
        volatile io.etcd.jetcd.Watch.Watcher watcher;
        volatile boolean dead;
    }

    EtcdWatch(EtcdDatastore store, String prefix, long startRevision, WatchListener listener) {
        this.store = store;
        this.prefix = prefix;
        this.listener = listener;
        this.received = startRevision - 1;
        this.delivered = startRevision - 1;
        this.backoffMs = store.config().retryInitial().toMillis();
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("etcd-watch " + prefix).factory());
    }

    void start() {
        open();
    }

    private void open() {
        Attempt attempt = new Attempt();
        long from;
        synchronized (lock) {
            if (closed) {
                return;
            }
            current = attempt;
            from = received + 1;
        }
        WatchOption opt = WatchOption.builder().isPrefix(true).withRevision(from).withPrevKV(true).build();
        io.etcd.jetcd.Watch.Listener l = new io.etcd.jetcd.Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                handle(attempt, response);
            }

            @Override
            public void onError(Throwable t) {
                failed(attempt, t);
            }

            @Override
            public void onCompleted() {
            }
        };
        try {
            attempt.watcher = store.client().getWatchClient().watch(EtcdDatastore.bytes(prefix), opt, l);
        } catch (RuntimeException e) {
            failed(attempt, e);
            return;
        }
        if (attempt.dead) {
            attempt.watcher.close();
        }
    }

    private static void kill(Attempt a) {
        a.dead = true;
        io.etcd.jetcd.Watch.Watcher w = a.watcher;
        if (w != null) {
            w.close();
        }
    }

    private void handle(Attempt source, WatchResponse response) {
        List<WatchEvent> fresh = new ArrayList<>();
        synchronized (lock) {
            if (closed || source != current) {
                return;
            }
            boolean reconnected = !connected;
            connected = true;
            backoffMs = store.config().retryInitial().toMillis();
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                long rev = e.getKeyValue().getModRevision();
                if (rev <= received) {
                    continue;
                }
                fresh.add(toEvent(e));
            }
            if (!fresh.isEmpty()) {
                received = fresh.getLast().modRevision();
            }
            long progress = response.isProgressNotify() ? response.getHeader().getRevision() : 0;
            if (reconnected || !fresh.isEmpty() || progress > 0) {
                deliver(() -> {
                    if (reconnected) {
                        listener.onConnectionChange(true, "watch on " + prefix + " resumed");
                    }
                    if (!fresh.isEmpty()) {
                        listener.onEvents(fresh);
                        delivered = fresh.getLast().modRevision();
                    }
                    if (progress > 0) {
                        listener.onProgress(progress);
                    }
                });
            }
        }
    }

    private static WatchEvent toEvent(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue p = e.getPrevKV();
        KeyValue previous = p == null || p.getKey() == null || p.getKey().isEmpty() ? null : EtcdDatastore.toKeyValue(p);
        if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
            return WatchEvent.delete(e.getKeyValue().getKey().toString(StandardCharsets.UTF_8),
                    e.getKeyValue().getModRevision(), previous);
        }
        return WatchEvent.put(EtcdDatastore.toKeyValue(e.getKeyValue()), previous);
    }

    @Override
    public void requestProgress() {
        Attempt a;
        synchronized (lock) {
            // While disconnected too: the current attempt's answer is what reports the watch resumed.
            a = closed ? null : current;
        }
        io.etcd.jetcd.Watch.Watcher w = a == null ? null : a.watcher;
        if (w != null && !a.dead) {
            try {
                w.requestProgress();
            } catch (RuntimeException e) {
                // the stream is going away; the failure path reports it
            }
        }
    }

    private void failed(Attempt source, Throwable t) {
        long wait;
        synchronized (lock) {
            if (closed || source != current) {
                return;
            }
            current = null;
            CompactedException compacted = compacted(t);
            if (compacted != null) {
                closed = true;
                long rev = compacted.getCompactedRevision();
                deliver(() -> listener.onCompacted(rev));
                delivery.shutdown();
                wait = -1;
            } else {
                if (connected) {
                    connected = false;
                    String reason = "watch on " + prefix + " lost its stream to " + store.describe() + ": "
                            + EtcdErrors.reason(t) + "; resuming from revision " + (received + 1);
                    deliver(() -> listener.onConnectionChange(false, reason));
                }
                wait = backoffMs;
                backoffMs = Math.min(backoffMs * 2, store.config().retryMax().toMillis());
            }
        }
        kill(source);
        if (wait >= 0) {
            try {
                store.scheduler().schedule(this::open, wait, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                synchronized (lock) {
                    closed = true;
                }
            }
        }
    }

    private void deliver(Runnable r) {
        try {
            delivery.execute(r);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private static CompactedException compacted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CompactedException ce) {
                return ce;
            }
        }
        return null;
    }

    @Override
    public long lastRevision() {
        return delivered;
    }

    @Override
    public void close() {
        Attempt a;
        synchronized (lock) {
            closed = true;
            a = current;
            current = null;
        }
        if (a != null) {
            kill(a);
        }
        delivery.shutdown();
    }
}
