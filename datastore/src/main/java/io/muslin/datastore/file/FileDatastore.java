package io.muslin.datastore.file;

import io.muslin.datastore.AlreadyExistsException;
import io.muslin.datastore.Compare;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.KeyValue;
import io.muslin.datastore.ListResult;
import io.muslin.datastore.Op;
import io.muslin.datastore.RevisionConflictException;
import io.muslin.datastore.Txn;
import io.muslin.datastore.TxnResult;
import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded {@link Datastore}: state in memory, durability through a {@link Journal} in a
 * directory (or none at all for {@link #inMemory()}, which tests use as a fake). Thread-safe; one
 * process per directory.
 */
public final class FileDatastore implements Datastore {
    /** How many past revisions a watch can start from; older ones count as compacted. */
    static final int HISTORY_REVISIONS = 100_000;

    private final Object lock = new Object();
    private final TreeMap<String, KeyValue> data = new TreeMap<>();
    private final ArrayDeque<List<WatchEvent>> history = new ArrayDeque<>();
    private final List<FileWatch> watches = new CopyOnWriteArrayList<>();
    private final Journal journal;
    private final String description;
    private long revision;
    private long compactRevision;
    private boolean closed;

    private FileDatastore(Journal journal, String description) {
        this.journal = journal;
        this.description = description;
        if (journal != null) {
            Journal.State state = journal.load();
            for (KeyValue kv : state.data()) {
                data.put(kv.key(), kv);
            }
            revision = state.revision();
        }
        compactRevision = revision;
    }

    /** Opens (or creates) the store in {@code directory}; fails if another process has it open. */
    public static FileDatastore open(Path directory) {
        return new FileDatastore(Journal.open(directory), "file store " + directory);
    }

    /** A store that keeps nothing on disk (for tests and throw-away labs). */
    public static FileDatastore inMemory() {
        return new FileDatastore(null, "in-memory store");
    }

    @Override
    public Optional<KeyValue> get(String key) {
        synchronized (lock) {
            checkOpen();
            return Optional.ofNullable(data.get(key));
        }
    }

    @Override
    public ListResult list(String prefix) {
        synchronized (lock) {
            checkOpen();
            List<KeyValue> out = new ArrayList<>(data.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
            return new ListResult(out, revision);
        }
    }

    @Override
    public List<String> keys(String prefix) {
        synchronized (lock) {
            checkOpen();
            return new ArrayList<>(data.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
        }
    }

    @Override
    public long create(String key, byte[] value) {
        TxnResult r = commit(Txn.builder().when(Compare.absent(key)).then(Op.put(key, value)).build());
        if (!r.succeeded()) {
            throw new AlreadyExistsException(key);
        }
        return r.revision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        TxnResult r = commit(Txn.builder().when(Compare.modRevision(key, expectedModRevision))
                .then(Op.put(key, value)).build());
        if (!r.succeeded()) {
            throw new RevisionConflictException(key, expectedModRevision);
        }
        return r.revision();
    }

    @Override
    public long put(String key, byte[] value) {
        return commit(Txn.builder().then(Op.put(key, value)).build()).revision();
    }

    @Override
    public boolean delete(String key) {
        return commit(Txn.builder().when(Compare.present(key)).then(Op.delete(key)).build()).succeeded();
    }

    @Override
    public void delete(String key, long expectedModRevision) {
        TxnResult r = commit(Txn.builder().when(Compare.modRevision(key, expectedModRevision))
                .then(Op.delete(key)).build());
        if (!r.succeeded()) {
            throw new RevisionConflictException(key, expectedModRevision);
        }
    }

    @Override
    public TxnResult commit(Txn txn) {
        synchronized (lock) {
            checkOpen();
            boolean ok = txn.compares().stream().allMatch(this::holds);
            List<Op> ops = ok ? txn.onSuccess() : txn.onFailure();
            long next = revision + 1;
            List<Optional<KeyValue>> reads = new ArrayList<>();
            List<WatchEvent> events = new ArrayList<>();
            Map<String, KeyValue> staged = new TreeMap<>();
            List<String> deleted = new ArrayList<>();
            for (Op op : ops) {
                switch (op) {
                    case Op.Get g -> reads.add(Optional.ofNullable(current(g.key(), staged, deleted)));
                    case Op.Put p -> {
                        KeyValue old = current(p.key(), staged, deleted);
                        KeyValue kv = old == null
                                ? new KeyValue(p.key(), p.value().clone(), next, next, 1)
                                : new KeyValue(p.key(), p.value().clone(), old.createRevision(), next, old.version() + 1);
                        staged.put(p.key(), kv);
                        deleted.remove(p.key());
                        events.add(WatchEvent.put(kv, old));
                    }
                    case Op.Delete d -> {
                        KeyValue old = current(d.key(), staged, deleted);
                        if (old != null) {
                            staged.remove(d.key());
                            deleted.add(d.key());
                            events.add(WatchEvent.delete(d.key(), next, old));
                        }
                    }
                }
            }
            if (events.isEmpty()) {
                return new TxnResult(ok, revision, reads);
            }
            if (journal != null) {
                journal.append(next, events);
                if (journal.wantsSnapshot()) {
                    Map<String, KeyValue> after = new TreeMap<>(data);
                    deleted.forEach(after::remove);
                    after.putAll(staged);
                    journal.snapshot(next, after.values());
                }
            }
            revision = next;
            deleted.forEach(data::remove);
            data.putAll(staged);
            // History keeps no previous values: a watch replayed from it gets them only live.
            history.addLast(events.stream().map(WatchEvent::withoutPrevious).toList());
            if (history.size() > HISTORY_REVISIONS) {
                compactRevision = history.removeFirst().getFirst().modRevision();
            }
            for (FileWatch w : watches) {
                w.offer(events);
            }
            return new TxnResult(ok, revision, reads);
        }
    }

    private KeyValue current(String key, Map<String, KeyValue> staged, List<String> deleted) {
        if (deleted.contains(key)) {
            return null;
        }
        KeyValue s = staged.get(key);
        return s != null ? s : data.get(key);
    }

    private boolean holds(Compare c) {
        KeyValue kv = data.get(c.key());
        return switch (c) {
            case Compare.Absent a -> kv == null;
            case Compare.Present p -> kv != null;
            case Compare.ModRevision m -> kv != null && kv.modRevision() == m.modRevision();
        };
    }

    @Override
    public long revision() {
        synchronized (lock) {
            return revision;
        }
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        synchronized (lock) {
            checkOpen();
            long start = fromRevision <= 0 ? revision + 1 : fromRevision;
            FileWatch w = new FileWatch(prefix, start - 1, listener, watches::remove, this::progressRevision);
            if (start <= compactRevision) {
                w.compacted(compactRevision);
                return w;
            }
            for (List<WatchEvent> rev : history) {
                if (rev.getFirst().modRevision() >= start) {
                    w.offer(rev);
                }
            }
            watches.add(w);
            w.start();
            return w;
        }
    }

    /** The current revision, read under the store lock so a progress report queues after every earlier event. */
    private void progressRevision(FileWatch w) {
        synchronized (lock) {
            w.progress(revision);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watches.forEach(FileWatch::close);
        if (journal != null) {
            journal.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DatastoreException(description + " is closed");
        }
    }

    /** Test hook: makes revisions up to the current one unavailable to new watches. */
    void compactHistory() {
        synchronized (lock) {
            history.clear();
            compactRevision = revision;
        }
    }

    static IOException unwrap(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }
}
