package io.muslin.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON and YAML for resources. Unknown fields are rejected (a typo such as {@code blocksize} is an
 * error, not a silent default); an {@code apiVersion} other than the kind's is rejected (a Calico
 * {@code projectcalico.org/v3} NetworkPolicy is not the Kubernetes one stored here); absent fields
 * are left out when written.
 */
public final class Resources {
    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private Resources() {}

    private static ObjectMapper configure(ObjectMapper m) {
        return m.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public static byte[] toJson(Resource r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + r.kind() + ": " + e.getMessage(), e);
        }
    }

    public static String toJsonString(Resource r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + r.kind() + ": " + e.getMessage(), e);
        }
    }

    public static String toYaml(Resource r) {
        try {
            return YAML.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + r.kind() + ": " + e.getMessage(), e);
        }
    }

    /** Reads any resource; the message of the exception names the bad field. */
    public static Resource fromJson(byte[] json) {
        return read(JSON, json, Resource.class);
    }

    public static <R extends Resource> R fromJson(byte[] json, Class<R> type) {
        Resource r = fromJson(json);
        if (!type.isInstance(r)) {
            throw new IllegalArgumentException("expected kind " + Kinds.of(type).name() + ", got " + r.kind());
        }
        return type.cast(r);
    }

    public static Resource fromYaml(String yaml) {
        return read(YAML, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), Resource.class);
    }

    /** Reads a YAML stream of one or more documents separated by "---". */
    public static List<Resource> fromYamlDocuments(String yaml) {
        List<Resource> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(convert(YAML, doc));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        return out;
    }

    private static <T> T read(ObjectMapper m, byte[] data, Class<T> type) {
        JsonNode tree;
        try {
            tree = m.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("cannot parse resource: expected an object with kind, metadata and spec");
        }
        return type.cast(convert(m, tree));
    }

    private static Resource convert(ObjectMapper m, JsonNode tree) {
        checkApiVersion(tree);
        try {
            return m.treeToValue(tree, Resource.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** An apiVersion, when given, must be the kind's (unknown kinds are reported by the type lookup). */
    private static void checkApiVersion(JsonNode tree) {
        JsonNode kind = tree.get("kind");
        JsonNode api = tree.get("apiVersion");
        if (kind == null || !kind.isTextual() || api == null || api.isNull()) {
            return;
        }
        for (Kinds.Kind k : Kinds.ALL) {
            if (k.name().equals(kind.textValue()) && !k.apiVersion().equals(api.asText())) {
                throw new IllegalArgumentException("apiVersion '" + api.asText() + "' does not match kind " + k.name()
                        + " (expected " + k.apiVersion() + ")");
            }
        }
    }

    private static String describe(Exception e) {
        if (e instanceof IllegalArgumentException && e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException j) {
            return describe(j);
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' at " + path(u);
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException t) {
            return "unknown or missing kind '" + t.getTypeId() + "' (known: "
                    + Kinds.ALL.stream().map(Kinds.Kind::name).toList() + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException j) {
            return "bad value at " + path(j) + ": " + j.getOriginalMessage();
        }
        return "cannot parse resource: " + e.getMessage();
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top)" : sb.toString();
    }
}
