package io.muslin.kube;

import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.RevisionConflictException;
import io.muslin.datastore.Stored;
import io.muslin.datastore.model.Resource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Writes a resource only when its content differs from the stored one (so a re-list or a resync
 * that finds nothing new writes nothing), with compare-and-swap: a concurrent writer (the agent,
 * the CNI plugin, an operator) is never overwritten blindly; on a conflict the stored value is read
 * again and the change computed again from it.
 */
final class StoreWriter {
    private static final int ATTEMPTS = 5;
    private final ResourceStore resources;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();

    StoreWriter(ResourceStore resources) {
        this.resources = resources;
    }

    /**
     * Makes the stored {@code type}/{@code namespace}/{@code name} equal to {@code desired.apply(current)}
     * ({@code current} empty when absent). Returns whether it wrote.
     */
    <R extends Resource> boolean upsert(Class<R> type, String namespace, String name, Function<Optional<R>, R> desired) {
        for (int attempt = 1; ; attempt++) {
            Optional<Stored<R>> current = resources.get(type, namespace, name);
            R want = desired.apply(current.map(Stored::resource));
            try {
                if (current.isEmpty()) {
                    resources.create(want);
                } else if (Mirrors.sameContent(current.get().resource(), want)) {
                    return false;
                } else {
                    resources.update(want, current.get().revision());
                }
                writes.incrementAndGet();
                return true;
            } catch (RevisionConflictException | AlreadyExistsException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Like {@link #upsert} for a resource that someone else creates and deletes: when it is absent
     * (deleted meanwhile) nothing is written, so a deleted resource never comes back.
     */
    <R extends Resource> boolean updateIfPresent(Class<R> type, String namespace, String name, Function<R, R> desired) {
        for (int attempt = 1; ; attempt++) {
            Optional<Stored<R>> current = resources.get(type, namespace, name);
            if (current.isEmpty()) {
                return false;
            }
            R want = desired.apply(current.get().resource());
            if (Mirrors.sameContent(current.get().resource(), want)) {
                return false;
            }
            try {
                resources.update(want, current.get().revision());
                writes.incrementAndGet();
                return true;
            } catch (RevisionConflictException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the resource if it is still at {@code revision}; false when it changed or went meanwhile. */
    boolean delete(Class<? extends Resource> type, String namespace, String name, long revision) {
        try {
            resources.delete(type, namespace, name, revision);
            deletes.incrementAndGet();
            return true;
        } catch (RevisionConflictException e) {
            return false;
        }
    }

    long writes() {
        return writes.get();
    }

    long deletes() {
        return deletes.get();
    }
}
