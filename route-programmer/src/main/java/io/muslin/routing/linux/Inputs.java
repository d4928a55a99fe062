package io.muslin.routing.linux;

import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.reconcile.RouteReconciler;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the agent handed the programmer and its loop has not taken yet. Learned-route changes
 * are kept as the lists they came in, in order, and taken whole: the reconciler applies them in
 * that order, so the last change per prefix wins there and a prefix changed many times is still
 * planned and written once. Queueing a list is O(1) under the lock: the caller (the speaker's
 * RIB thread) never hashes a prefix here. A snapshot or a whole intent supersedes the changes
 * queued before it. A kernel event asks for a resync after a short gathering time.
 * Not thread-safe: the programmer guards it with its lock.
 */
final class Inputs {
    /** Kernel events are gathered this long before the kernel is re-read (a link flap sends several). */
    static final long EVENT_DEBOUNCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Intent intent;
    private NodeIntent node;
    private List<LearnedRoute> snapshot;
    private boolean complete;
    private final ArrayDeque<List<LearnedRoute>> changes = new ArrayDeque<>();
    private int changeCount;
    private boolean resync;
    private long eventAtNanos;

    /** One take of the loop: apply in this order (intent, node, snapshot, changes, resync). */
    record Work(Intent intent, NodeIntent node, List<LearnedRoute> snapshot, boolean complete, List<LearnedRoute> changes,
                boolean resync) {

        /** A new node or snapshot (may re-plan everything). */
        boolean structural() {
            return intent != null || node != null || snapshot != null;
        }

        /** Gives this work to {@code reconciler}: the intent or the node, then the snapshot, the changes, a resync request. */
        void handTo(RouteReconciler reconciler) {
            if (intent != null) {
                reconciler.setNode(intent.node());
                reconciler.replaceLearned(intent.learned(), true);
            }
            if (node != null) {
                reconciler.setNode(node);
            }
            if (snapshot != null) {
                reconciler.replaceLearned(snapshot, complete);
            }
            reconciler.updateLearned(changes);
            if (resync) {
                reconciler.requestResync();
            }
        }
    }

    void intent(Intent i) {
        intent = i;
        node = null;
        snapshot = null;
        clearChanges();
    }

    void node(NodeIntent n) {
        node = n;
    }

    void snapshot(List<LearnedRoute> all, boolean isComplete) {
        snapshot = all;
        complete = isComplete;
        clearChanges();
    }

    /** Queues {@code list} as it is: the caller hands it over and does not change it afterwards. */
    void changes(List<LearnedRoute> list) {
        if (!list.isEmpty()) {
            changes.add(list);
            changeCount += list.size();
        }
    }

    private void clearChanges() {
        changes.clear();
        changeCount = 0;
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
        return intent != null || node != null || snapshot != null || changeCount > 0;
    }

    /** Learned-route changes queued, as received (a prefix changed twice counts twice), or a snapshot's routes. */
    int queued() {
        return changeCount + (snapshot == null ? 0 : snapshot.size());
    }

    /**
     * Takes the structural inputs, whole lists of changes in order until at least
     * {@code maxChanges} (or all) are taken, and a ready resync.
     */
    Work take(int maxChanges, long nowNanos) {
        List<LearnedRoute> taken;
        if (changes.size() == 1 || (!changes.isEmpty() && changes.peekFirst().size() >= maxChanges)) {
            taken = changes.pollFirst();
        } else {
            taken = new ArrayList<>(Math.min(maxChanges, changeCount));
            while (!changes.isEmpty() && taken.size() < maxChanges) {
                taken.addAll(changes.pollFirst());
            }
        }
        if (taken == null) {
            taken = List.of();
        }
        changeCount -= taken.size();
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
