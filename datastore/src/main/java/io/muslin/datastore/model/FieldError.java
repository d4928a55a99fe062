package io.muslin.datastore.model;

/** One validation failure: the field's path (e.g. {@code spec.blockSize}) and why. */
public record FieldError(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
