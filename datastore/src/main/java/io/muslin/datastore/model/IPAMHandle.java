package io.muslin.datastore.model;

import java.util.List;
import java.util.Map;

/**
 * What one handle (a container, a tunnel) holds: address count per block (Calico's IPAMHandle), so
 * release by handle visits only those blocks.
 */
public record IPAMHandle(ObjectMeta metadata, Spec spec) implements Resource {
    /**
     * Calico's IPAMHandleSpec: {@code block} maps block CIDR to the number of addresses held in it.
     * Muslin addition: {@code attributes} — who holds the handle (pod, namespace, node, timestamp,
     * request), kept here once per handle instead of once per address in every block, which keeps
     * block writes small.
     */
    public record Spec(String handleID, Map<String, Integer> block, Boolean deleted, Map<String, String> attributes) {
        public Spec {
            block = block == null ? Map.of() : Map.copyOf(block);
            attributes = attributes == null ? null : Map.copyOf(attributes);
        }

        public Spec(String handleID, Map<String, Integer> block, Boolean deleted) {
            this(handleID, block, deleted, null);
        }

        public Map<String, String> attributesOrEmpty() {
            return attributes == null ? Map.of() : attributes;
        }
    }

    @Override
    public List<FieldError> validate() {
        Check c = new Check();
        if (spec == null) {
            return c.fail("spec", "is required").errors();
        }
        c.require("spec.handleID", spec.handleID());
        spec.block().forEach((k, v) -> {
            if (v == null || v < 0) {
                c.fail("spec.block[" + k + "]", "count must be positive");
            }
        });
        return c.errors();
    }

    @Override
    public IPAMHandle withMetadata(ObjectMeta m) {
        return new IPAMHandle(m, spec);
    }
}
