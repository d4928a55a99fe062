package io.muslin.datastore;

import io.muslin.datastore.model.Kinds;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Resources;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Typed access to resources over a {@link Datastore}. Keys are
 * {@code <root><plural>/<name>} or {@code <root><plural>/<namespace>/<name>}, e.g.
 * {@code /muslin/v1/ippools/default-ipv4}. Every write validates first; the metadata's
 * {@code resourceVersion} is the key's modification revision. {@link #list} returns the revision
 * it read at and {@link #watch} continues from a revision, so list-then-watch has no gap; the
 * {@code io.muslin.datastore.cache} package builds a cache on the two.
 */
public final class ResourceStore {
    public static final String DEFAULT_ROOT = "/muslin/v1/";
    private final Datastore store;
    private final String root;

    public ResourceStore(Datastore store) {
        this(store, DEFAULT_ROOT);
    }

    public ResourceStore(Datastore store, String root) {
        this.store = store;
        this.root = root.endsWith("/") ? root : root + "/";
    }

    public Datastore datastore() {
        return store;
    }

    public String root() {
        return root;
    }

    public String prefix(Class<? extends Resource> type) {
        return root + Kinds.of(type).plural() + "/";
    }

    public String key(Class<? extends Resource> type, String namespace, String name) {
        Kinds.Kind k = Kinds.of(type);
        if (k.namespaced() && (namespace == null || namespace.isEmpty())) {
            throw new IllegalArgumentException(k.name() + " " + name + ": metadata.namespace is required");
        }
        return prefix(type) + (k.namespaced() ? namespace + "/" : "") + name;
    }

    public String key(Resource r) {
        return key(r.getClass(), r.metadata().namespace(), r.metadata().name());
    }

    public <R extends Resource> Optional<Stored<R>> get(Class<R> type, String name) {
        return get(type, null, name);
    }

    public <R extends Resource> Optional<Stored<R>> get(Class<R> type, String namespace, String name) {
        return store.get(key(type, namespace, name)).map(kv -> decode(type, kv));
    }

    /** Every resource of the kind, read at one revision (returned with them). */
    public <R extends Resource> ResourceList<R> list(Class<R> type) {
        ListResult raw = store.list(prefix(type));
        java.util.List<Stored<R>> out = new ArrayList<>(raw.items().size());
        for (KeyValue kv : raw.items()) {
            out.add(decode(type, kv));
        }
        return new ResourceList<>(out, raw.revision());
    }

    /**
     * Watches every resource of the kind from {@code fromRevision} (inclusive; 0 means from now):
     * additions, modifications and deletions with the previous value where the store still has it,
     * in order, each once, across disconnects. A stored value that is not a valid resource of the
     * kind is reported to {@link ResourceWatchListener#onUndecodable} and left out.
     */
    public <R extends Resource> Watch watch(Class<R> type, long fromRevision, ResourceWatchListener<R> listener) {
        String prefix = prefix(type);
        return store.watch(prefix, fromRevision, new TypedWatchListener<>(prefix, decoder(type), listener));
    }

    /** Decodes and validates stored values of the kind; errors name the key and the reason. */
    public <R extends Resource> ResourceDecoder<R> decoder(Class<R> type) {
        return kv -> {
            Stored<R> s = decode(type, kv);
            try {
                s.resource().requireValid();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kv.key() + " at revision " + kv.modRevision() + ": " + e.getMessage(), e);
            }
            return s;
        };
    }

    public <R extends Resource> Stored<R> create(R r) {
        r.requireValid();
        long rev = store.create(key(r), Resources.toJson(stripVersion(r)));
        return new Stored<>(withVersion(r, rev), rev);
    }

    /** Updates if the stored revision is still {@code revision}. */
    public <R extends Resource> Stored<R> update(R r, long revision) {
        r.requireValid();
        long rev = store.update(key(r), Resources.toJson(stripVersion(r)), revision);
        return new Stored<>(withVersion(r, rev), rev);
    }

    /** Creates or overwrites without a revision check (for tools applying a manifest). */
    public <R extends Resource> Stored<R> apply(R r) {
        r.requireValid();
        long rev = store.put(key(r), Resources.toJson(stripVersion(r)));
        return new Stored<>(withVersion(r, rev), rev);
    }

    public boolean delete(Class<? extends Resource> type, String namespace, String name) {
        return store.delete(key(type, namespace, name));
    }

    public void delete(Class<? extends Resource> type, String namespace, String name, long revision) {
        store.delete(key(type, namespace, name), revision);
    }

    /** Decodes one stored value (without validating it); the exception names the key. */
    public <R extends Resource> Stored<R> decode(Class<R> type, KeyValue kv) {
        R r;
        try {
            r = Resources.fromJson(kv.value(), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + kv.key() + " at revision " + kv.modRevision() + ": "
                    + e.getMessage(), e);
        }
        return new Stored<>(withVersion(r, kv.modRevision()), kv.modRevision());
    }

    @SuppressWarnings("unchecked")
    private static <R extends Resource> R withVersion(R r, long rev) {
        ObjectMeta m = r.metadata();
        return (R) r.withMetadata(m.withResourceVersion(Long.toString(rev)));
    }

    @SuppressWarnings("unchecked")
    private static <R extends Resource> R stripVersion(R r) {
        return (R) r.withMetadata(r.metadata().withResourceVersion(null));
    }
}
