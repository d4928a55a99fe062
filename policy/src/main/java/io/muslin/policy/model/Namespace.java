package io.muslin.policy.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes namespace and its labels. Like the API server, every namespace also carries
 * {@code kubernetes.io/metadata.name=<name>}, so a namespace can be selected by name.
 */
public record Namespace(String name, Map<String, String> labels) {

    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        TreeMap<String, String> all = new TreeMap<>(labels);
        all.put(NAME_LABEL, name);
        labels = Map.copyOf(all);
    }

    public static Namespace of(String name, String... keyValues) {
        return new Namespace(name, LabelSelector.labels(keyValues).matchLabels());
    }
}
