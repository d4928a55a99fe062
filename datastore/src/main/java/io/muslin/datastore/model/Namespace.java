package io.muslin.datastore.model;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes namespace ({@code v1}): its name and labels, which is what a NetworkPolicy's
 * {@code namespaceSelector} looks at. Like the API server, the policy module adds
 * {@code kubernetes.io/metadata.name=<name>} to every namespace's labels.
 */
public record Namespace(ObjectMeta metadata) implements Resource {
    public static Namespace of(String name, Map<String, String> labels) {
        return new Namespace(ObjectMeta.named(name).withLabels(labels));
    }

    /** The namespace's labels as stored (without the name label the policy module adds). */
    public Map<String, String> labels() {
        return metadata.labelsOrEmpty();
    }

    @Override
    public List<FieldError> validate() {
        Check c = Resource.meta(metadata, false);
        if (metadata != null && metadata.name() != null) {
            c.label("metadata.name", metadata.name());
        }
        return c.errors();
    }

    @Override
    public Namespace withMetadata(ObjectMeta m) {
        return new Namespace(m);
    }
}
