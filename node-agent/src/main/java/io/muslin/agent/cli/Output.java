package io.muslin.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.muslin.agent.http.StatusJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.datastore.model.Resource;
import io.muslin.datastore.model.Resources;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml}: a readable table by default, JSON or YAML of the same data for scripts. */
final class Output {
    enum Format { table, json, yaml }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml")
    Format format = Format.table;

    /** Prints {@code data} as JSON or YAML, or the table {@code table} makes. */
    void print(PrintWriter out, Object data, Supplier<String> table) {
        switch (format) {
            case table -> out.print(table.get());
            case json -> out.println(write(StatusJson.mapper().enable(SerializationFeature.INDENT_OUTPUT), data));
            case yaml -> out.print(write(yaml(), data));
        }
        out.flush();
    }

    /** Resources as the datastore writes them, with {@code apiVersion} and {@code kind} (a plain list would lose the kind). */
    static List<JsonNode> resources(List<? extends Resource> list) {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (Resource r : list) {
            try {
                out.add(m.readTree(Resources.toJson(r)));
            } catch (java.io.IOException e) {
                throw CliException.failed("cannot write " + r.kind() + " " + r.metadata().name() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    }

    private static String write(ObjectMapper m, Object data) {
        try {
            return m.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw CliException.failed("cannot write " + data.getClass().getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
