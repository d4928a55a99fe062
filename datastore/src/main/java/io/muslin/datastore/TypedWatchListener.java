package io.muslin.datastore;

import io.muslin.datastore.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns raw watch events under one prefix into {@link ResourceEvent}s for a {@link ResourceWatchListener}. */
final class TypedWatchListener<R extends Resource> implements WatchListener {
    private final String prefix;
    private final ResourceDecoder<R> decoder;
    private final ResourceWatchListener<R> listener;

    TypedWatchListener(String prefix, ResourceDecoder<R> decoder, ResourceWatchListener<R> listener) {
        this.prefix = prefix;
        this.decoder = decoder;
        this.listener = listener;
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        List<ResourceEvent<R>> out = new ArrayList<>(events.size());
        for (WatchEvent e : events) {
            String key = e.key().substring(prefix.length());
            Optional<Stored<R>> previous = e.previous().flatMap(this::quietly);
            if (e.type() == WatchEvent.Type.DELETE) {
                out.add(new ResourceEvent.Deleted<>(key, previous, e.modRevision()));
                continue;
            }
            Stored<R> current;
            try {
                current = decoder.decode(e.kv());
            } catch (IllegalArgumentException bad) {
                listener.onUndecodable(e.key(), e.modRevision(), bad.getMessage());
                continue;
            }
            out.add(e.created() ? new ResourceEvent.Added<>(key, current) : new ResourceEvent.Modified<>(key, previous, current));
        }
        if (!out.isEmpty()) {
            listener.onEvents(out);
        }
    }

    private Optional<Stored<R>> quietly(KeyValue kv) {
        try {
            return Optional.of(decoder.decode(kv));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void onCompacted(long compactRevision) {
        listener.onCompacted(compactRevision);
    }

    @Override
    public void onConnectionChange(boolean connected, String reason) {
        listener.onConnectionChange(connected, reason);
    }

    @Override
    public void onProgress(long revision) {
        listener.onProgress(revision);
    }
}
