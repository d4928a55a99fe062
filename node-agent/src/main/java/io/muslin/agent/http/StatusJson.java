package io.muslin.agent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.muslin.routing.RouteKind;
import java.io.IOException;

/**
 * The one JSON mapping of the status records: times as ISO-8601 text, absent values left out, the
 * route programmer's {@link RouteKind} by its label ({@code direct}, {@code ipip}, {@code vxlan},
 * {@code via}, {@code blackhole}) as value and as map key.
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static ObjectMapper mapper() {
        SimpleModule kinds = new SimpleModule("muslin-route-kind")
                .addSerializer(RouteKind.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(RouteKind k, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeString(k.label());
                    }
                })
                .addKeySerializer(RouteKind.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(RouteKind k, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeFieldName(k.label());
                    }
                })
                .addDeserializer(RouteKind.class, new JsonDeserializer<>() {
                    @Override
                    public RouteKind deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        return kind(p.getValueAsString());
                    }
                })
                .addKeyDeserializer(RouteKind.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext c) {
                        return kind(key);
                    }
                });
        return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(kinds)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The kind with this label; an unknown label is an error naming it. */
    public static RouteKind kind(String label) {
        for (RouteKind k : RouteKind.values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a route kind (direct, ipip, vxlan, via, blackhole)");
    }
}
