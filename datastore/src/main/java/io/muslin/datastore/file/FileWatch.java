package io.muslin.datastore.file;

import io.muslin.datastore.Watch;
import io.muslin.datastore.WatchEvent;
import io.muslin.datastore.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A watch on the embedded store: events (and progress reports) are queued under the store's lock
 * and delivered in that order by one thread.
 */
final class FileWatch implements Watch {
    /** What the delivery thread takes from the queue. */
    private sealed interface Item {}

    private record Events(List<WatchEvent> events) implements Item {}

    private record Progress(long revision) implements Item {}

    private record Stop() implements Item {}

    private final String prefix;
    private final WatchListener listener;
    private final Consumer<FileWatch> onClose;
    private final Consumer<FileWatch> onProgressRequest;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile long lastRevision;
    private volatile boolean closed;

    FileWatch(String prefix, long lastRevision, WatchListener listener, Consumer<FileWatch> onClose,
              Consumer<FileWatch> onProgressRequest) {
        this.prefix = prefix;
        this.lastRevision = lastRevision;
        this.listener = listener;
        this.onClose = onClose;
        this.onProgressRequest = onProgressRequest;
    }

    /** Called under the store lock with one revision's events. */
    void offer(List<WatchEvent> revisionEvents) {
        List<WatchEvent> mine = new ArrayList<>();
        for (WatchEvent e : revisionEvents) {
            if (e.key().startsWith(prefix)) {
                mine.add(e);
            }
        }
        if (!mine.isEmpty()) {
            queue.add(new Events(mine));
        }
    }

    /** Called under the store lock. */
    void progress(long revision) {
        queue.add(new Progress(revision));
    }

    void start() {
        Thread.ofVirtual().name("file-watch " + prefix).start(this::run);
    }

    void compacted(long compactRevision) {
        closed = true;
        listener.onCompacted(compactRevision);
    }

    private void run() {
        try {
            while (!closed) {
                Item first = queue.take();
                List<Item> items = new ArrayList<>(List.of(first));
                queue.drainTo(items);
                List<WatchEvent> batch = new ArrayList<>();
                for (Item item : items) {
                    switch (item) {
                        case Events e -> batch.addAll(e.events());
                        case Progress p -> {
                            deliver(batch);
                            batch.clear();
                            listener.onProgress(p.revision());
                        }
                        case Stop s -> closed = true;
                    }
                    if (closed) {
                        break;
                    }
                }
                if (!closed) {
                    deliver(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(List<WatchEvent> batch) {
        List<WatchEvent> fresh = batch.stream().filter(e -> e.modRevision() > lastRevision).toList();
        if (!fresh.isEmpty()) {
            listener.onEvents(fresh);
            lastRevision = fresh.getLast().modRevision();
        }
    }

    @Override
    public long lastRevision() {
        return lastRevision;
    }

    @Override
    public void requestProgress() {
        if (!closed) {
            onProgressRequest.accept(this);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.add(new Stop());
        }
        onClose.accept(this);
    }
}
