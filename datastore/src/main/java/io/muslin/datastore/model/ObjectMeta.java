package io.muslin.datastore.model;

import java.util.Map;

/**
 * Kubernetes-style metadata. {@code resourceVersion} is filled in on read (the store's modification
 * revision) and is what an update must match.
 */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations,
                         String resourceVersion) {
    public ObjectMeta {
        labels = labels == null ? null : Map.copyOf(labels);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, null, null, null, null);
    }

    public static ObjectMeta namespaced(String namespace, String name) {
        return new ObjectMeta(name, namespace, null, null, null);
    }

    public ObjectMeta withLabels(Map<String, String> l) {
        return new ObjectMeta(name, namespace, l, annotations, resourceVersion);
    }

    public ObjectMeta withResourceVersion(String rv) {
        return new ObjectMeta(name, namespace, labels, annotations, rv);
    }

    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }
}
