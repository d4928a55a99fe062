package io.muslin.ipam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.muslin.datastore.model.IPAMBlock;
import io.muslin.datastore.model.IPAMHandle;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.datastore.model.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The block and the handle record as JSON, written field by field with Jackson's streaming
 * generator: the same bytes as {@link io.muslin.datastore.model.Resources#toJson} (fields in the
 * same order, absent ones left out, maps in their own order), without the reflective walk over the
 * records that took a quarter of an assignment's CPU on the calling thread. Every assignment
 * writes one of each. {@code ResourceJsonTest} holds the two writers to the same output.
 */
final class ResourceJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ResourceJson() {
    }

    static byte[] block(IPAMBlock b) {
        return write(b, g -> {
            IPAMBlock.Spec s = b.spec();
            g.writeStringField("cidr", s.cidr());
            stringField(g, "affinity", s.affinity());
            integers(g, "allocations", s.allocations());
            integers(g, "unallocated", s.unallocated());
            g.writeArrayFieldStart("attributes");
            for (IPAMBlock.Attribute a : s.attributes()) {
                if (a == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                stringField(g, "handle_id", a.handleId());
                stringMap(g, "secondary", a.secondary());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (s.deleted() != null) {
                g.writeBooleanField("deleted", s.deleted());
            }
        });
    }

    static byte[] handle(IPAMHandle h) {
        return write(h, g -> {
            IPAMHandle.Spec s = h.spec();
            stringField(g, "handleID", s.handleID());
            g.writeObjectFieldStart("block");
            for (Map.Entry<String, Integer> e : s.block().entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(e.getValue());
                }
            }
            g.writeEndObject();
            if (s.deleted() != null) {
                g.writeBooleanField("deleted", s.deleted());
            }
            stringMap(g, "attributes", s.attributes());
        });
    }

    private interface SpecWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Resource r, SpecWriter spec) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(1024); JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("kind", r.kind()); // the type id comes first, as the codec writes it
            g.writeStringField("apiVersion", r.apiVersion());
            if (r.metadata() != null) {
                metadata(g, r.metadata());
            }
            g.writeObjectFieldStart("spec");
            spec.write(g);
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + r.kind() + " " + r.metadata(), e);
        }
    }

    private static void metadata(JsonGenerator g, ObjectMeta m) throws IOException {
        g.writeObjectFieldStart("metadata");
        stringField(g, "name", m.name());
        stringField(g, "namespace", m.namespace());
        stringMap(g, "labels", m.labels());
        stringMap(g, "annotations", m.annotations());
        stringField(g, "resourceVersion", m.resourceVersion());
        g.writeEndObject();
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void integers(JsonGenerator g, String name, List<Integer> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (Integer v : values) {
            if (v == null) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
        g.writeEndArray();
    }

    private static void stringMap(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        if (m == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() == null) {
                g.writeNull();
            } else {
                g.writeString(e.getValue());
            }
        }
        g.writeEndObject();
    }
}
