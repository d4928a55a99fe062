package io.muslin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The manifests of a kustomize directory, parsed with Jackson YAML, and lookups over them. */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** deploy/ (the module's directory: Maven runs tests there). */
    static final Path DEPLOY = Path.of("").toAbsolutePath();
    private final List<JsonNode> documents;

    Manifests(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** Every document of every resource file the kustomization at {@code dir} lists. */
    static Manifests ofBase() {
        Path base = DEPLOY.resolve("base");
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode r : read(base.resolve("kustomization.yaml")).getFirst().path("resources")) {
            docs.addAll(read(base.resolve(r.asText())));
        }
        return new Manifests(docs);
    }

    static Manifests ofText(String yaml) {
        return new Manifests(parse(yaml));
    }

    static List<JsonNode> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> parse(String yaml) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        docs.add(n);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> allYamlFiles() {
        try (Stream<Path> s = Files.walk(DEPLOY)) {
            return s.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(DEPLOY.resolve("target"))
                    && !p.startsWith(DEPLOY.resolve("src"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> all() {
        return documents;
    }

    JsonNode get(String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : podSpec(workload).path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    /**
     * The container's environment as the kubelet would make it: values, ConfigMap keys looked up in
     * {@code configMap}'s data, field references given {@code fields}. An empty value is kept (the
     * agent treats it as unset).
     */
    static Map<String, String> environment(JsonNode container, JsonNode configMap, Map<String, String> fields) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
            } else if (e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
                if (!ref.path("name").asText().equals(configMap.path("metadata").path("name").asText())) {
                    throw new AssertionError(name + " refers to ConfigMap " + ref.path("name").asText());
                }
                JsonNode v = configMap.path("data").path(ref.path("key").asText());
                if (v.isMissingNode()) {
                    throw new AssertionError(name + " refers to key " + ref.path("key").asText() + ", which the ConfigMap lacks");
                }
                env.put(name, v.asText());
            } else if (e.path("valueFrom").has("fieldRef")) {
                String path = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                env.put(name, fields.getOrDefault(path, "unknown-" + path));
            } else {
                throw new AssertionError(name + ": unexpected env source " + e);
            }
        }
        return env;
    }

    /** mountPath → volume name of the container's mounts. */
    static Map<String, String> mounts(JsonNode container) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode v : container.path("volumeMounts")) {
            m.put(v.path("mountPath").asText(), v.path("name").asText());
        }
        return m;
    }

    static JsonNode volume(JsonNode workload, String name) {
        for (JsonNode v : podSpec(workload).path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    static ObjectNode object() {
        return YAML.createObjectNode();
    }
}
