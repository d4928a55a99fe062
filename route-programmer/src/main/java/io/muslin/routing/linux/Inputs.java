package io.muslin.routing.linux;

import io.muslin.net.IpPrefix;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the agent handed the programmer and its loop has not taken yet. Learned-route changes
 * are coalesced per prefix (the last one wins); a snapshot or a whole intent supersedes the
 * changes queued before it. A kernel event asks for a resync after a short gathering time.
 * Not thread-safe: the programmer guards it with its lock.
 */
final class Inputs {
    /** Kernel events are gathered this long before the kernel is re-read (a link flap sends several). */
    static final long EVENT_DEBOUNCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Intent intent;
    private NodeIntent node;
    private List<LearnedRoute> snapshot;
    private boolean complete;
    private final LinkedHashMap<IpPrefix, LearnedRoute> changes = new LinkedHashMap<>();
    private boolean resync;
    private long eventAtNanos;

    /** One take of the loop: apply in this order (intent, node, snapshot, changes, resync). */
    record Work(Intent intent, NodeIntent node, List<LearnedRoute> snapshot, boolean complete, List<LearnedRoute> changes,
                boolean resync) {

        /** A new node or snapshot (may re-plan everything). */
        boolean structural() {
            return intent != null || node != null || snapshot != null;
        }
    }

    void intent(Intent i) {
        intent = i;
        node = null;
        snapshot = null;
        changes.clear();
    }

    void node(NodeIntent n) {
        node = n;
    }

    void snapshot(List<LearnedRoute> all, boolean isComplete) {
        snapshot = all;
        complete = isComplete;
        changes.clear();
    }

    void changes(List<LearnedRoute> list) {
        for (LearnedRoute c : list) {
            changes.put(c.prefix(), c);
        }
    }

    /** A resync now (asked for by the agent). */
    void resync() {
        resync = true;
        eventAtNanos = 0;
    }

    /** A resync soon (a kernel event): events within the gathering time make one. */
    void resyncAfterEvent(long nowNanos) {
        if (!resync) {
            eventAtNanos = nowNanos;
        }
        resync = true;
    }

    boolean resyncReady(long nowNanos) {
        return resync && nowNanos - eventAtNanos >= EVENT_DEBOUNCE_NANOS;
    }

    /** Nanoseconds until a gathered resync is ready, or -1 when none waits. */
    long resyncWaitNanos(long nowNanos) {
        return resync ? Math.max(0, EVENT_DEBOUNCE_NANOS - (nowNanos - eventAtNanos)) : -1;
    }

    boolean hasInput() {
        return intent != null || node != null || snapshot != null || !changes.isEmpty();
    }

    /** Learned routes queued (changes, or a snapshot's routes). */
    int queued() {
        return changes.size() + (snapshot == null ? 0 : snapshot.size());
    }

    /** Takes the structural inputs, up to {@code maxChanges} changes, and a ready resync. */
    Work take(int maxChanges, long nowNanos) {
        List<LearnedRoute> taken = new ArrayList<>(Math.min(maxChanges, changes.size()));
        Iterator<LearnedRoute> it = changes.values().iterator();
        while (it.hasNext() && taken.size() < maxChanges) {
            taken.add(it.next());
            it.remove();
        }
        boolean r = resyncReady(nowNanos);
        if (r) {
            resync = false;
        }
        Work w = new Work(intent, node, snapshot, complete, taken, r);
        intent = null;
        node = null;
        snapshot = null;
        return w;
    }
}
