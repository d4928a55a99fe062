package io.muslin.datastore.model;

import java.util.List;
import java.util.stream.Collectors;

/** A resource failed validation; the message lists every field and reason. */
public class ValidationException extends IllegalArgumentException {
    private final List<FieldError> errors;

    public ValidationException(String what, List<FieldError> errors) {
        super(what + " is invalid: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
