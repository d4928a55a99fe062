package io.muslin.datastore.file;

import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/** A watch on the embedded store: events are queued under the store's lock and delivered by one thread. */
final class FileWatch implements Watch {
    private static final List<WatchEvent> STOP = java.util.Collections.unmodifiableList(new ArrayList<>());

    private final String prefix;
    private final WatchListener listener;
    private final Consumer<FileWatch> onClose;
    private final LinkedBlockingQueue<List<WatchEvent>> queue = new LinkedBlockingQueue<>();
    private volatile long lastRevision;
    private volatile boolean closed;
    private Thread thread;

    FileWatch(String prefix, long lastRevision, WatchListener listener, Consumer<FileWatch> onClose) {
        this.prefix = prefix;
        this.lastRevision = lastRevision;
        this.listener = listener;
        this.onClose = onClose;
    }

    void offer(List<WatchEvent> revisionEvents) {
        List<WatchEvent> mine = new ArrayList<>();
        for (WatchEvent e : revisionEvents) {
            if (e.key().startsWith(prefix)) {
                mine.add(e);
            }
        }
        if (!mine.isEmpty()) {
            queue.add(mine);
        }
    }

    void start() {
        thread = Thread.ofVirtual().name("file-watch " + prefix).start(this::run);
    }

    void compacted(long compactRevision) {
        closed = true;
        listener.onCompacted(compactRevision);
    }

    private void run() {
        try {
            while (!closed) {
                List<WatchEvent> first = queue.take();
                if (first == STOP) {
                    return;
                }
                List<WatchEvent> batch = new ArrayList<>(first);
                List<WatchEvent> more;
                while ((more = queue.poll()) != null) {
                    if (more == STOP) {
                        closed = true;
                        break;
                    }
                    batch.addAll(more);
                }
                List<WatchEvent> fresh = batch.stream().filter(e -> e.modRevision() > lastRevision).toList();
                if (!fresh.isEmpty()) {
                    listener.onEvents(fresh);
                    lastRevision = fresh.getLast().modRevision();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long lastRevision() {
        return lastRevision;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.add(STOP);
        }
        onClose.accept(this);
    }
}
